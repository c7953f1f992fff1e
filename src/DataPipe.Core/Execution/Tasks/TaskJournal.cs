using System.Collections.Concurrent;
using System.Text.Json;
using DataPipe.Core.IO;

namespace DataPipe.Core.Execution.Tasks;

/// <summary>What a task left about itself besides its completion marker: that it started (and where), or how it failed.</summary>
public sealed record TaskRecord
{
    public required int Pid { get; init; }
    public required string Host { get; init; }
    public required DateTime StartedUtc { get; init; }

    /// <summary>For a failure: the first line of the error, and the log holding the whole of it.</summary>
    public string? Error { get; init; }
    public string? Log { get; init; }
    public DateTime? FailedUtc { get; init; }
}

/// <summary>
/// Records task starts and failures under <c>tasks/&lt;phase&gt;/</c> so that <c>datapipe status</c> can tell running
/// and failed tasks from pending ones. A started task's <c>NNNNN.running</c> file is touched every
/// <see cref="HeartbeatInterval"/> while it runs; it is removed when the task ends (a cancelled task becomes pending
/// again), so one that stays behind with its process gone or its heartbeat old is a task that died — "stale".
/// A failure leaves <c>NNNNN.failed</c> until the task is started again.
/// </summary>
public sealed class TaskJournal : IDisposable
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>A heartbeat older than this means the task's process is gone (or hung) even where its PID cannot be checked.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(60);

    private readonly BuildLayout _layout;
    private readonly bool _writesLogs;
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);
    private readonly Timer _heartbeat;

    /// <param name="writesLogs">Whether a failure's full text (stack trace included) is appended to the task's log here;
    /// false under Slurm, whose array script already sends the task's own output to that log.</param>
    public TaskJournal(BuildLayout layout, bool writesLogs)
    {
        _layout = layout;
        _writesLogs = writesLogs;
        _heartbeat = new Timer(_ => Beat(), null, HeartbeatInterval, HeartbeatInterval);
    }

    public static string Directory(BuildLayout layout) => Path.Combine(layout.Root, "tasks");

    public static string RunningFile(BuildLayout layout, string phase, int rank) => Path.Combine(Directory(layout), phase, $"{rank:D5}.running");

    public static string FailedFile(BuildLayout layout, string phase, int rank) => Path.Combine(Directory(layout), phase, $"{rank:D5}.failed");

    public void Started(string phase, int rank)
    {
        TryDelete(FailedFile(_layout, phase, rank));
        string path = RunningFile(_layout, phase, rank);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(Me(), Plan.Json));
        _running[path] = 0;
    }

    public void Finished(string phase, int rank) => Forget(phase, rank);

    public void Failed(string phase, int rank, Exception error)
    {
        string log = _layout.TaskLog(phase, rank);
        if (_writesLogs)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.AppendAllText(log, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z task {phase}#{rank} failed on {Environment.MachineName} (pid {Environment.ProcessId}):{Environment.NewLine}{error}{Environment.NewLine}");
        }
        var started = Read(RunningFile(_layout, phase, rank));
        Forget(phase, rank);
        string line = error.Message.Split('\n', 2)[0].TrimEnd('\r');
        var record = (started ?? Me()) with { Error = $"{error.GetType().Name}: {line}", Log = log, FailedUtc = DateTime.UtcNow };
        AtomicFile.WriteAllText(FailedFile(_layout, phase, rank), JsonSerializer.Serialize(record, Plan.Json));
    }

    public static TaskRecord? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<TaskRecord>(File.ReadAllText(path), Plan.Json) : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        foreach (var path in _running.Keys) TryDelete(path);
    }

    private void Forget(string phase, int rank)
    {
        string path = RunningFile(_layout, phase, rank);
        _running.TryRemove(path, out _);
        TryDelete(path);
    }

    private void Beat()
    {
        var now = DateTime.UtcNow;
        foreach (var path in _running.Keys)
        {
            try { File.SetLastWriteTimeUtc(path, now); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static TaskRecord Me() => new() { Pid = Environment.ProcessId, Host = Environment.MachineName, StartedUtc = DateTime.UtcNow };

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
