using System.Diagnostics;
using System.Text;
using DataPipe.Core.Documents;
using DataPipe.Core.Formats;
using DataPipe.Core.Formats.Carry;
using DataPipe.Core.Input;
using DataPipe.Core.IO;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution.Tasks;

/// <summary>
/// One pass over one input shard: the reader turns the shard into documents (or, after the first pass, the previous
/// pass's carry file gives back the documents it kept), <see cref="StepChain"/> carries each through the pass's steps,
/// the steps commit their outputs, and the documents that came through are carried to the next pass. What the task
/// read, kept and dropped is returned as its <see cref="TaskStats"/>.
/// </summary>
internal sealed class PassTask(BuildSession session, ILogger logger, IBuildProgress progress, ShardSources sources)
{
    private BuildLayout Layout => session.Layout;

    public TaskStats Run(PhasePlan phase, int rank, CancellationToken cancellation)
    {
        var shard = session.Plan.Shards[rank];
        var steps = phase.Steps ?? [];
        var stepStats = steps.Select(s => new StepStats { Stage = s.Stage, Mode = s.Mode.ToString().ToLowerInvariant() }).ToArray();
        var stepCounters = steps.Select(_ => new Counters()).ToArray();
        var readerCounters = new Counters();
        // Only the first pass writes quarantine files; later passes meet the same bad records again and only count them.
        using var quarantine = new FileQuarantine(Layout, shard.Index, writeFiles: phase.Pass == 0, logger);
        // A replaying pass sees every drop again, so only the final one samples; carrying passes each see their own.
        var sampler = phase.FinalPass || phase.WritesCarry ? new RejectedSampler(session.Pipeline.RejectedSamplesPerReason, session.Plan.Seed) : null;
        var open = new List<IDocumentStep>(steps.Count);
        var sizesRead = new Log2Histogram();
        var sizesKept = new Log2Histogram();
        long inputBytes = 0;
        var carry = phase.WritesCarry ? AtomicFile.Create(Layout.CarryFile(phase.Name, rank)) : null;
        var carryWriter = carry is null ? null : new CarryFile.Writer(carry.Stream);
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
                sampler, sizesKept, carryWriter is null ? null : carryWriter.Add);
            Action<long> onRead = n => { inputBytes += n; progress.Advance(0, n); };
            string? carryIn = phase.ReadsCarryOf is { } from ? OpenableCarry(from, rank) : null;
            using var input = carryIn is not null
                ? new CountingStream(File.OpenRead(carryIn), onRead)
                : OpenInput(shard, quarantine, readerCounters, onRead, cancellation);
            if (input is not null)
            {
                var documents = carryIn is not null
                    ? CarryFile.Read(input, shard.Index, carryIn)
                    : ReaderCatalog.Create(shard.Format).Read(input, readerContext);
                long pendingDocs = 0;
                foreach (var document in documents)
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
            if (carryWriter is not null)
            {
                carryWriter.Finish();
                carry!.Commit();
            }
            quarantine.Commit();
            if (sampler is not null)
                AtomicFile.WriteAllText(Layout.RejectedSampleFile(phase.Name, rank), string.Concat(sampler.Lines().Select(l => l + "\n")));
        }
        finally
        {
            foreach (var step in open) step.Dispose();
            carryWriter?.Dispose();
            carry?.Dispose();
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

    /// <summary>The path of the documents the previous pass kept for this task; they stay until the build is cleaned,
    /// because a task whose marker is removed by hand runs again from them.</summary>
    private string OpenableCarry(string fromPhase, int rank)
    {
        string path = Layout.CarryFile(fromPhase, rank);
        if (!File.Exists(path))
            throw new InvalidDataException($"the documents {fromPhase} kept for task {rank} ({path}) are gone (a cleaned build whose markers were removed?); rebuild with --force");
        return path;
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
            return new CountingStream(sources.For(shard.Path).Open(shard, cancellation), onRead);
        }
        catch (ShardUnavailableException e)
        {
            // A split file that vanished after planning is one missing file, not one per range.
            if (shard.Start == 0) counters.Add(ReaderCounters.MissingFiles);
            quarantine.Add(shard.Path, -1, e.Message, default);
            logger.LogWarning("input {Shard} unavailable: {Reason}", shard.Path, e.Message);
            return null;
        }
    }
}
