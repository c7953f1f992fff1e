using System.CommandLine;
using DataPipe.Core.Execution;
using Spectre.Console;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe status BUILD</c>: per phase, tasks done and pending, from the completion markers.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var build = new Argument<string>("build") { Description = "Build folder" };
        var command = new Command("status", "Show tasks done / pending per phase of a build") { build };
        command.SetAction(result =>
        {
            var layout = new BuildLayout(result.GetValue(build)!);
            if (!File.Exists(layout.PlanFile))
            {
                Console.Error.WriteLine($"error: {layout.Root} has no plan.json (not a build folder)");
                return ExitCodes.ConfigError;
            }
            var plan = Plan.Load(layout.PlanFile);
            var table = new Table().AddColumns("phase", "kind", "tasks", "done", "pending");
            bool complete = true;
            foreach (var phase in plan.Phases)
            {
                int done = Enumerable.Range(0, phase.Tasks).Count(r => File.Exists(layout.DoneMarker(phase.Name, r)));
                complete &= done == phase.Tasks;
                table.AddRow(phase.Name, phase.Kind.ToString().ToLowerInvariant(), phase.Tasks.ToString(), done.ToString(), (phase.Tasks - done).ToString());
            }
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine(complete ? "complete" : "incomplete");
            return ExitCodes.Success;
        });
        return command;
    }
}
