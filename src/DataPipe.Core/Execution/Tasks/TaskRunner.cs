using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DataPipe.Core.Documents;
using DataPipe.Core.Formats;
using DataPipe.Core.Input;
using DataPipe.Core.IO;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution.Tasks;

public enum TaskOutcome { Completed, Skipped }

/// <summary>
/// Runs one task of a plan: a pass over one input shard, one resolve partition, or the finalize step.
/// Idempotent: outputs are committed atomically, then the completion marker is written; a task whose marker
/// exists is skipped. The same code runs under every executor.
/// </summary>
/// <param name="journal">Where the task's start and failure are recorded for <c>datapipe status</c> (none in unit tests).</param>
public sealed class TaskRunner(BuildSession session, ILogger logger, IBuildProgress progress, ShardSources? shardSources = null, TaskJournal? journal = null)
{
    private readonly ShardSources _sources = shardSources ?? ShardSources.For(session.Pipeline);
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
                PhaseKind.Pass => RunPass(phase, rank, cancellation),
                PhaseKind.Resolve => RunResolve(phase, rank, cancellation),
                PhaseKind.Finalize => RunFinalize(phase, cancellation),
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

    private TaskStats RunPass(PhasePlan phase, int rank, CancellationToken cancellation)
    {
        var shard = session.Plan.Shards[rank];
        var steps = phase.Steps ?? [];
        var stepStats = steps.Select(s => new StepStats { Stage = s.Stage, Mode = s.Mode.ToString().ToLowerInvariant() }).ToArray();
        var stepCounters = steps.Select(_ => new Counters()).ToArray();
        var readerCounters = new Counters();
        // Only the first pass writes quarantine files; later passes meet the same bad records again and only count them.
        using var quarantine = new FileQuarantine(Layout, shard.Index, writeFiles: phase.Pass == 0, logger);
        var sampler = phase.FinalPass ? new RejectedSampler(session.Pipeline.RejectedSamplesPerReason, session.Plan.Seed) : null;
        var open = new List<IDocumentStep>(steps.Count);
        var sizesRead = new Log2Histogram();
        var sizesKept = new Log2Histogram();
        long inputBytes = 0;
        try
        {
            for (int i = 0; i < steps.Count; i++)
                open.Add(OpenStep(steps[i], shard, phase, stepCounters[i], cancellation));

            var readerContext = new ReaderContext
            {
                Shard = shard,
                Counters = readerCounters,
                Quarantine = quarantine,
                MaxRecordBytes = session.Pipeline.MaxRecordBytes,
                TruncatedRecords = session.Pipeline.TruncatedRecords,
                Cancellation = cancellation,
                Html = shard.Html,
            };
            var chain = new StepChain(open, steps, stepStats, (document, stage, e) => quarantine.Add(shard.Path, -1,
                    $"document {document.Id} (ordinal {document.Position.Ordinal}): stage {stage} failed: {e.GetType().Name}: {e.Message}",
                    Encoding.UTF8.GetBytes(document.Text.Length > 65536 ? document.Text[..65536] : document.Text)),
                sampler, sizesKept);
            using var input = OpenInput(shard, quarantine, readerCounters, n => { inputBytes += n; progress.Advance(0, n); }, cancellation);
            if (input is not null)
            {
                var reader = ReaderCatalog.Create(shard.Format);
                long pendingDocs = 0;
                foreach (var document in reader.Read(input, readerContext))
                {
                    cancellation.ThrowIfCancellationRequested();
                    long bytes = Encoding.UTF8.GetByteCount(document.Text);
                    sizesRead.Add(bytes);
                    chain.Push(document, bytes);
                    if (++pendingDocs == 256) { progress.Advance(pendingDocs, 0); pendingDocs = 0; }
                }
                progress.Advance(pendingDocs, 0);
            }

            chain.Drain();
            for (int i = 0; i < open.Count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                open[i].Complete();
                stepStats[i].Seconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            }
            quarantine.Commit();
            if (sampler is not null)
                AtomicFile.WriteAllText(Layout.RejectedSampleFile(phase.Name, rank), string.Concat(sampler.Lines().Select(l => l + "\n")));
        }
        finally
        {
            foreach (var step in open) step.Dispose();
        }

        for (int i = 0; i < stepStats.Length; i++) stepStats[i].Counters = stepCounters[i].Snapshot();
        return new TaskStats
        {
            Phase = phase.Name,
            Rank = rank,
            InputBytes = inputBytes,
            Reader = readerCounters.Snapshot(),
            Steps = stepStats,
            DocBytesRead = sizesRead.Counts,
            DocBytesKept = sizesKept.Counts,
        };
    }

    private IDocumentStep OpenStep(PassStep step, InputShard shard, PhasePlan phase, Counters counters, CancellationToken cancellation)
    {
        var stage = session.Stage(step.Stage);
        var context = new StepContext
        {
            Layout = Layout,
            Shard = shard,
            ShardCount = session.Plan.Shards.Count,
            Pass = phase.Pass,
            Counters = counters,
            Logger = logger,
            Seed = session.Plan.Seed,
            Cancellation = cancellation,
        };
        return (step.Mode, stage) switch
        {
            (StepMode.Run, IDocumentStage d) => d.Open(context),
            (StepMode.Sign, IGlobalStage g) => g.OpenSigner(context),
            (StepMode.Apply, IGlobalStage g) => g.OpenApplier(context),
            _ => throw new InvalidDataException($"stage '{step.Stage}' cannot run in mode {step.Mode}"),
        };
    }

    private Stream? OpenInput(InputShard shard, FileQuarantine quarantine, Counters counters, Action<long> onRead, CancellationToken cancellation)
    {
        try
        {
            return new CountingStream(_sources.For(shard.Path).Open(shard, cancellation), onRead);
        }
        catch (ShardUnavailableException e)
        {
            counters.Add("missing_files");
            quarantine.Add(shard.Path, -1, e.Message, default);
            logger.LogWarning("input {Shard} unavailable: {Reason}", shard.Path, e.Message);
            return null;
        }
    }

    private TaskStats RunResolve(PhasePlan phase, int rank, CancellationToken cancellation)
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

    private TaskStats RunFinalize(PhasePlan phase, CancellationToken cancellation)
    {
        var context = new FinalizeContext { Layout = Layout, Shards = session.Plan.Shards, Logger = logger };
        foreach (var finalizer in session.Pipeline.Stages.OfType<IBuildFinalizer>())
        {
            cancellation.ThrowIfCancellationRequested();
            finalizer.Finalize(context);
        }
        var finalPass = session.Plan.Phases.Last(p => p.FinalPass);
        var samples = Enumerable.Range(0, finalPass.Tasks).Select(r => Layout.RejectedSampleFile(finalPass.Name, r)).Where(File.Exists);
        RejectedSampler.Merge(samples, Layout.RejectedDirectory, session.Pipeline.RejectedSamplesPerReason);
        var report = BuildReport.Create(session, context.ReportSections);
        report.Write(Layout);
        return new TaskStats { Phase = phase.Name, Rank = 0 };
    }
}
