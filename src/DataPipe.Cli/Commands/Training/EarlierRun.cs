namespace DataPipe.Cli.Commands.Training;

/// <summary>
/// What an earlier <c>datapipe train</c> left in an output folder. A new run there must either continue it
/// (<c>--resume</c>) or replace it on request (<c>--force</c>, which names what it removes): never both silently.
/// </summary>
public sealed class EarlierRun
{
    /// <summary>Everything the trainer writes into its output folder.</summary>
    private static readonly string[] Outputs = ["checkpoints", "metrics.csv", "summary.json", "loss.png"];

    private EarlierRun(string folder, IReadOnlyList<string> found)
    {
        Folder = folder;
        Found = found;
    }

    public string Folder { get; }

    /// <summary>The trainer's outputs present in the folder (names relative to it; folders end in '/').</summary>
    public IReadOnlyList<string> Found { get; }

    public bool Exists => Found.Count > 0;

    public static EarlierRun In(string folder)
    {
        var found = new List<string>();
        foreach (var name in Outputs)
        {
            string path = Path.Combine(folder, name);
            if (Directory.Exists(path)) found.Add(name + "/");
            else if (File.Exists(path)) found.Add(name);
        }
        return new EarlierRun(folder, found);
    }

    /// <summary>Removes the earlier run's outputs and returns the line that says so.</summary>
    public string Remove()
    {
        foreach (var name in Found)
        {
            string path = Path.Combine(Folder, name.TrimEnd('/'));
            if (name.EndsWith('/')) Directory.Delete(path, recursive: true);
            else File.Delete(path);
        }
        return $"--force: removed the earlier run's {string.Join(", ", Found)} from {Folder}";
    }
}
