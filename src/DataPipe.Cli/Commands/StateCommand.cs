using System.CommandLine;
using DataPipe.Core.Dedup.State;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe state stats | compact [--state DIR]</c>: the cross-build dedup indexes, one per dedup stage.</summary>
public static class StateCommand
{
    public static Command Create()
    {
        var command = new Command("state", "Inspect or compact the cross-build dedup index");
        command.Subcommands.Add(Sub("stats", "Keys, partitions, builds and generations of every dedup index", Stats));
        command.Subcommands.Add(Sub("compact", "Delete every index generation but the live one", Compact));
        return command;
    }

    private static Command Sub(string name, string description, Func<IReadOnlyList<DedupIndex>, int> action)
    {
        var state = new Option<string>("--state") { Description = "State folder (default: ./state)", DefaultValueFactory = _ => "state" };
        var command = new Command(name, description) { state };
        command.SetAction(result =>
        {
            string dir = result.GetValue(state)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"error: no state folder at {Path.GetFullPath(dir)}");
                return ExitCodes.ConfigError;
            }
            var indexes = Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal)
                .Where(d => File.Exists(Path.Combine(d, "CURRENT"))).Select(d => new DedupIndex(d)).ToList();
            return action(indexes);
        });
        return command;
    }

    private static int Stats(IReadOnlyList<DedupIndex> indexes)
    {
        foreach (var index in indexes)
        {
            var meta = index.ReadMeta()!;
            long bytes = new DirectoryInfo(index.Directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            int generations = Directory.EnumerateDirectories(index.Directory, "gen-*").Count();
            Console.WriteLine($"{Path.GetFileName(index.Directory)}: {meta.Keys} keys, {meta.Partitions} partitions, {meta.Builds} builds, " +
                $"live {index.CurrentGeneration}, {generations} generations, {bytes} bytes on disk");
        }
        if (indexes.Count == 0) Console.WriteLine("no dedup index");
        return ExitCodes.Success;
    }

    private static int Compact(IReadOnlyList<DedupIndex> indexes)
    {
        foreach (var index in indexes)
            Console.WriteLine($"{Path.GetFileName(index.Directory)}: removed {index.Compact()} old generations");
        return ExitCodes.Success;
    }
}
