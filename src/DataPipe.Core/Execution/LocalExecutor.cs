using System.Threading.Channels;
using DataPipe.Core.Execution.Tasks;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution;

/// <summary>Runs a plan in this process: phase after phase, each phase's pending tasks on a bounded pool of workers.</summary>
public sealed class LocalExecutor(ILogger logger, IBuildProgress progress, int workers) : IExecutor
{
    public bool RunsTasksHere => true;

    public async Task RunAsync(BuildSession session, CancellationToken cancellation)
    {
        using var journal = new TaskJournal(session.Layout, writesLogs: true);
        var runner = new TaskRunner(session, logger, progress, journal: journal);
        var markers = new CompletionMarkers(session.Layout);
        workers = Math.Max(1, workers);
        foreach (var phase in session.Plan.Phases)
        {
            var pending = markers.Pending(phase);
            long pendingBytes = phase.Kind == PhaseKind.Pass ? pending.Sum(r => PassInputBytes(session, phase, r)) : 0;
            progress.PhaseStarted(phase, pending.Count, pendingBytes);
            if (pending.Count == 0)
            {
                logger.LogInformation("phase {Phase}: all {Tasks} tasks already complete", phase.Name, phase.Tasks);
                continue;
            }
            logger.LogInformation("phase {Phase}: {Pending} of {Tasks} tasks to run on {Workers} workers", phase.Name, pending.Count, phase.Tasks, workers);
            await RunPhaseAsync(runner, phase, pending, workers, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>What a pass task will read: its shard, or the carry file the previous pass left for it.</summary>
    private static long PassInputBytes(BuildSession session, PhasePlan phase, int rank)
    {
        if (phase.ReadsCarryOf is null) return session.Plan.Shards[rank].Bytes;
        var carry = new FileInfo(session.Layout.CarryFile(phase.ReadsCarryOf, rank));
        return carry.Exists ? carry.Length : 0;
    }

    private static async Task RunPhaseAsync(TaskRunner runner, PhasePlan phase, List<int> ranks, int workers, CancellationToken cancellation)
    {
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var queue = Channel.CreateBounded<int>(new BoundedChannelOptions(Math.Max(1, workers)) { SingleWriter = true });
        Exception? firstFailure = null;
        int failedRank = -1;

        var consumers = Enumerable.Range(0, Math.Min(workers, ranks.Count)).Select(_ => Task.Factory.StartNew(() =>
        {
            while (NextRank(queue.Reader, failFast.Token, out int rank))
            {
                try
                {
                    runner.Run(phase.Name, rank, failFast.Token);
                }
                catch (Exception e)
                {
                    if (e is not OperationCanceledException && Interlocked.CompareExchange(ref firstFailure, e, null) is null)
                        failedRank = rank;
                    failFast.Cancel();
                    return;
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        try
        {
            foreach (int rank in ranks)
                await queue.Writer.WriteAsync(rank, failFast.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
        finally
        {
            queue.Writer.TryComplete();
        }
        await Task.WhenAll(consumers).ConfigureAwait(false);

        if (firstFailure is not null)
            throw new TaskFailedException(phase.Name, failedRank, firstFailure);
        cancellation.ThrowIfCancellationRequested();
    }

    private static bool NextRank(ChannelReader<int> reader, CancellationToken token, out int rank)
    {
        while (!reader.TryRead(out rank))
        {
            try
            {
                if (!reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult()) return false;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return !token.IsCancellationRequested;
    }
}

public sealed class TaskFailedException(string phase, int rank, Exception inner)
    : Exception($"task {phase}#{rank} failed: {inner.Message}", inner)
{
    public string Phase { get; } = phase;
    public int Rank { get; } = rank;
}
