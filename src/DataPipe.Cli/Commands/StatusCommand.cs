using System.CommandLine;
using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;
using Spectre.Console;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe status BUILD</c>: per phase, tasks done / running / failed / pending, from the completion markers plus, for a Slurm build, the scheduler's queue.</summary>
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
            bool slurm = SlurmJobFile.TryRead(layout) is not null;
            IReadOnlyList<PhaseStatus> phases;
            try
            {
                phases = SlurmStatus.Read(plan, layout, slurm ? new SlurmCommandLine() : null);
            }
            catch (SlurmException e)
            {
                Console.Error.WriteLine($"warning: no scheduler view ({e.Message}); showing completion markers only");
                phases = SlurmStatus.Read(plan, layout, null);
            }
            // Running and failed are known only from a scheduler; local builds keep the markers-only table.
            var table = slurm
                ? new Table().AddColumns("phase", "kind", "tasks", "done", "running", "failed", "pending")
                : new Table().AddColumns("phase", "kind", "tasks", "done", "pending");
            bool complete = true;
            foreach (var (phase, status) in plan.Phases.Zip(phases))
            {
                complete &= status.Done == phase.Tasks;
                string[] counts = slurm
                    ? [status.Done.ToString(), status.Running.ToString(), status.Failed.ToString(), status.Pending.ToString()]
                    : [status.Done.ToString(), status.Pending.ToString()];
                table.AddRow([phase.Name, phase.Kind.ToString().ToLowerInvariant(), phase.Tasks.ToString(), .. counts]);
            }
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine(complete ? "complete" : "incomplete");
            return ExitCodes.Success;
        });
        return command;
    }
}
