using System.CommandLine;
using DataPipe.Cli.Hosting;
using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Tasks;
using DataPipe.Core.Stages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe task --plan … --phase … --rank N</c>: one task of a plan, as a Slurm array task runs it.</summary>
public static class TaskCommand
{
    public static Command Create()
    {
        var plan = new Option<string>("--plan") { Description = "plan.json of the build", Required = true };
        var phase = new Option<string>("--phase") { Description = "Phase name from the plan", Required = true };
        var rank = new Option<int>("--rank") { Description = "Task index inside the phase", Required = true };
        var command = new Command("task", "Run one task of a build's plan (used by cluster executors)") { plan, phase, rank };
        command.SetAction((result, _) => BuildHost.RunAsync((services, stopping) =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("datapipe.task");
            var session = BuildSession.Open(result.GetValue(plan)!, StageCatalog.CreateDefault());
            // The array script already sends this task's output to its rank log, so the journal only records start and failure.
            using var journal = new TaskJournal(session.Layout, writesLogs: false);
            var outcome = new TaskRunner(session, logger, NoProgress.Instance, journal: journal).Run(result.GetValue(phase)!, result.GetValue(rank), stopping);
            logger.LogInformation("task {Phase}#{Rank}: {Outcome}", result.GetValue(phase), result.GetValue(rank), outcome);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
