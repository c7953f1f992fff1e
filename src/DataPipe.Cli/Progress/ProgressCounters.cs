using System.Diagnostics;
using DataPipe.Core.Execution;

namespace DataPipe.Cli.Progress;

/// <summary>Thread-safe live counts of the running phase, shared by the terminal and the log-line displays.</summary>
public sealed class ProgressCounters : IBuildProgress
{
    private long _documents;
    private long _bytes;
    private int _tasksDone;
    private readonly Stopwatch _phaseClock = new();

    public string Phase { get; private set; } = "";
    public int TasksTotal { get; private set; }
    public long BytesTotal { get; private set; }
    public int TasksDone => Volatile.Read(ref _tasksDone);
    public long Documents => Interlocked.Read(ref _documents);
    public long Bytes => Interlocked.Read(ref _bytes);
    public TimeSpan Elapsed => _phaseClock.Elapsed;

    public void PhaseStarted(PhasePlan phase, int pendingTasks, long pendingInputBytes)
    {
        Phase = phase.Name;
        TasksTotal = pendingTasks;
        BytesTotal = pendingInputBytes;
        Interlocked.Exchange(ref _documents, 0);
        Interlocked.Exchange(ref _bytes, 0);
        Volatile.Write(ref _tasksDone, 0);
        _phaseClock.Restart();
        PhaseChanged?.Invoke(this);
    }

    public void Advance(long documents, long inputBytes)
    {
        if (documents != 0) Interlocked.Add(ref _documents, documents);
        if (inputBytes != 0) Interlocked.Add(ref _bytes, inputBytes);
    }

    public void TaskFinished(PhasePlan phase, int rank) => Interlocked.Increment(ref _tasksDone);

    public event Action<ProgressCounters>? PhaseChanged;

    public double DocsPerSecond => Elapsed.TotalSeconds > 0 ? Documents / Elapsed.TotalSeconds : 0;

    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1e6 / Elapsed.TotalSeconds : 0;

    /// <summary>Remaining time from input bytes when known, else from tasks.</summary>
    public TimeSpan? Eta
    {
        get
        {
            double done = BytesTotal > 0 ? (double)Bytes / BytesTotal : TasksTotal > 0 ? (double)TasksDone / TasksTotal : 0;
            if (done <= 0.001 || done >= 1) return null;
            return TimeSpan.FromSeconds(Elapsed.TotalSeconds * (1 - done) / done);
        }
    }

    public string Line() =>
        $"{Phase}: {TasksDone}/{TasksTotal} tasks, {Documents:N0} docs, {DocsPerSecond:N0} docs/s, {MegabytesPerSecond:F1} MB/s" +
        (Eta is { } eta ? $", ETA {eta:hh\\:mm\\:ss}" : "");
}
