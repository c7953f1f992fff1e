using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution.Tasks;

/// <summary>One task of a global stage's resolve phase (e.g. one hash partition of fuzzy dedup's candidates).</summary>
internal sealed class ResolveTask(BuildSession session, ILogger logger)
{
    private BuildLayout Layout => session.Layout;

    public TaskStats Run(PhasePlan phase, int rank, CancellationToken cancellation)
    {
        var stage = session.Stage(phase.Stage!) as IGlobalStage
            ?? throw new InvalidDataException($"resolve phase {phase.Name} names a stage that is not global");
        var counters = new Counters();
        stage.ResolvePhases[phase.ResolveIndex].Run(new ResolveContext
        {
            Layout = Layout,
            Rank = rank,
            TaskCount = phase.Tasks,
            ShardCount = session.Plan.Shards.Count,
            Shards = session.Plan.Shards,
            Counters = counters,
            Logger = logger,
            Seed = session.Plan.Seed,
            Cancellation = cancellation,
        });
        return new TaskStats { Phase = phase.Name, Rank = rank, Counters = counters.Snapshot() };
    }
}
