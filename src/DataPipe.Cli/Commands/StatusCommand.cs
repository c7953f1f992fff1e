using System.CommandLine;
using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;
using Spectre.Console;

namespace DataPipe.Cli.Commands;

/// <summary>
/// <c>datapipe status BUILD</c>: per phase, tasks done / running / failed / pending / stale, from the completion
/// markers and the task journal plus, for a Slurm build, the scheduler's queue; then one line per failed or stale task.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var build = new Argument<string>("build") { Description = "Build folder" };
        var command = new Command("status", "Show tasks done / running / failed / pending per phase of a build") { build };
        command.SetAction(result =>
        {
            var layout = new BuildLayout(result.GetValue(build)!);
            if (!File.Exists(layout.PlanFile))
            {
                Console.Error.WriteLine($"error: {layout.Root} has no plan.json (not a build folder)");
                return ExitCodes.ConfigError;
            }
            var plan = Plan.Load(layout.PlanFile);
            IReadOnlyDictionary<string, SlurmPhaseView>? queue = null;
            if (SlurmJobFile.TryRead(layout) is not null)
            {
                try
                {
                    queue = SlurmStatus.Read(plan, layout, new SlurmCommandLine());
                }
                catch (SlurmException e)
                {
                    Console.Error.WriteLine($"warning: no scheduler view ({e.Message}); showing the build's own records only");
                }
            }
            var status = BuildStatus.Read(plan, layout, queue);
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
            var table = new Table().AddColumns("phase", "kind", "tasks", "done", "running", "failed", "pending", "stale");
            foreach (var (phase, s) in plan.Phases.Zip(status.Phases))
                table.AddRow(phase.Name, phase.Kind.ToString().ToLowerInvariant(), phase.Tasks.ToString(),
                    s.Done.ToString(), s.Running.ToString(), s.Failed.ToString(), s.Pending.ToString(), s.Stale.ToString());
            AnsiConsole.Write(table);
            foreach (var note in status.Notes)
                Console.Out.WriteLine($"{note.State.ToString().ToLowerInvariant()}: task {note.Phase}#{note.Rank}: {note.Text}");
            Console.Out.WriteLine(status.Complete ? "complete" : Summarize(status));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Summarize(BuildStatusReport status)
    {
        int running = status.Phases.Sum(p => p.Running), failed = status.Phases.Sum(p => p.Failed), stale = status.Phases.Sum(p => p.Stale);
        string state = running > 0 ? "running" : failed > 0 ? "failed" : stale > 0 ? "interrupted" : "stopped";
        return $"incomplete ({state}: {running} running, {failed} failed, {stale} stale)";
    }
}
