using System.Diagnostics;
using System.Text.Json;
using DataPipe.Core.Input;
using DataPipe.Core.IO;
using DataPipe.Core.Reporting;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution.Tasks;

public enum TaskOutcome { Completed, Skipped }

/// <summary>
/// Runs one task of a plan, under every executor: skips it when its completion marker exists, hands it to
/// <see cref="PassTask"/>, <see cref="ResolveTask"/> or <see cref="FinalizeTask"/> by the phase's kind, then writes its
/// stats and, last, its marker. Idempotent: a task's outputs are committed atomically before the marker.
/// </summary>
/// <param name="journal">Where the task's start and failure are recorded for <c>datapipe status</c> (none in unit tests).</param>
public sealed class TaskRunner(BuildSession session, ILogger logger, IBuildProgress progress, ShardSources? shardSources = null, TaskJournal? journal = null)
{
    private readonly PassTask _pass = new(session, logger, progress, shardSources ?? ShardSources.For(session.Pipeline));
    private readonly ResolveTask _resolve = new(session, logger);
    private readonly FinalizeTask _finalize = new(session, logger);
    private readonly CompletionMarkers _markers = new(session.Layout);

    private BuildLayout Layout => session.Layout;

    public TaskOutcome Run(string phaseName, int rank, CancellationToken cancellation)
    {
        var phase = session.Plan.Phase(phaseName);
        if (rank < 0 || rank >= phase.Tasks) throw new ArgumentOutOfRangeException(nameof(rank), $"phase {phase.Name} has ranks 0..{phase.Tasks - 1}");
        // The first task of each process (local worker or Slurm rank) runs the check and says if .gz falls back.
        Formats.Gzip.InflaterChoice.Shared.ReportOnce(logger);
        if (_markers.IsDone(phase.Name, rank)) return TaskOutcome.Skipped;

        journal?.Started(phase.Name, rank);
        try
        {
            var clock = Stopwatch.StartNew();
            TaskStats stats = phase.Kind switch
            {
                PhaseKind.Pass => _pass.Run(phase, rank, cancellation),
                PhaseKind.Resolve => _resolve.Run(phase, rank, cancellation),
                PhaseKind.Finalize => _finalize.Run(phase, cancellation),
                _ => throw new InvalidDataException($"unknown phase kind {phase.Kind}"),
            };
            stats = stats with { Seconds = clock.Elapsed.TotalSeconds };
            AtomicFile.WriteAllText(Layout.TaskStatsFile(phase.Name, rank), JsonSerializer.Serialize(stats, Plan.Json));
            _markers.Mark(phase.Name, rank, clock.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException && journal is not null)
        {
            journal.Failed(phase.Name, rank, e);
            throw;
        }
        finally
        {
            // Completed or cancelled: no longer running (a cancelled task is pending again). Failed already moved on.
            journal?.Finished(phase.Name, rank);
        }
        progress.TaskFinished(phase, rank);
        return TaskOutcome.Completed;
    }
}
