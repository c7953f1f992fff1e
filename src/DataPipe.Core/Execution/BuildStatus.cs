using System.Diagnostics;
using DataPipe.Core.Execution.Slurm;
using DataPipe.Core.Execution.Tasks;

namespace DataPipe.Core.Execution;

public enum TaskState { Done, Running, Stale, Failed, Pending }

/// <summary>A task that needs an operator's eye: a failure (error line and log) or a "running" task whose process is gone.</summary>
public sealed record TaskNote(string Phase, int Rank, TaskState State, string Text);

/// <summary>One phase as <c>datapipe status</c> shows it.</summary>
public sealed record PhaseStatus(string Phase, int Tasks, int Done, int Running, int Failed, int Pending, int Stale);

public sealed record BuildStatusReport(IReadOnlyList<PhaseStatus> Phases, IReadOnlyList<TaskNote> Notes)
{
    public bool Complete => Phases.All(p => p.Done == p.Tasks);
}

/// <summary>
/// Tells done / running / stale / failed / pending for every task of a build. Done comes from the completion
/// markers; running and failed from the task journal (<c>tasks/</c>): a "running" record is live while its process
/// exists (checked by PID on this host) and its heartbeat is fresh, and stale otherwise. Under Slurm the scheduler's
/// queue decides what runs or waits; a submitted rank that left the queue unmarked, with a log, is failed.
/// </summary>
public static class BuildStatus
{
    public static BuildStatusReport Read(Plan plan, BuildLayout layout, IReadOnlyDictionary<string, SlurmPhaseView>? scheduler)
    {
        var markers = new CompletionMarkers(layout);
        var phases = new List<PhaseStatus>();
        var notes = new List<TaskNote>();
        var now = DateTime.UtcNow;
        foreach (var phase in plan.Phases)
        {
            var counts = new int[Enum.GetValues<TaskState>().Length];
            var view = scheduler?.GetValueOrDefault(phase.Name);
            for (int rank = 0; rank < phase.Tasks; rank++)
            {
                var (state, note) = markers.IsDone(phase.Name, rank) ? (TaskState.Done, null) : Classify(layout, phase.Name, rank, view, now);
                counts[(int)state]++;
                if (note is not null) notes.Add(new TaskNote(phase.Name, rank, state, note));
            }
            phases.Add(new PhaseStatus(phase.Name, phase.Tasks, counts[(int)TaskState.Done], counts[(int)TaskState.Running],
                counts[(int)TaskState.Failed], counts[(int)TaskState.Pending], counts[(int)TaskState.Stale]));
        }
        return new BuildStatusReport(phases, notes);
    }

    private static (TaskState, string?) Classify(BuildLayout layout, string phase, int rank, SlurmPhaseView? view, DateTime now)
    {
        if (view is not null && view.Running.Contains(rank)) return (TaskState.Running, null);
        if (view is not null && view.Queued.Contains(rank)) return (TaskState.Pending, null);

        string runningFile = TaskJournal.RunningFile(layout, phase, rank);
        if (TaskJournal.Read(runningFile) is { } started)
        {
            var beat = File.GetLastWriteTimeUtc(runningFile);
            // Under Slurm a rank the queue no longer holds has no process, whatever its heartbeat says.
            bool live = view is null && now - beat < TaskJournal.StaleAfter && (started.Host != Environment.MachineName || ProcessExists(started.Pid));
            if (live) return (TaskState.Running, null);
            return (TaskState.Stale, $"recorded running by pid {started.Pid} on {started.Host} since {started.StartedUtc:yyyy-MM-dd HH:mm:ss}Z; " +
                $"its process is gone (last heartbeat {beat:HH:mm:ss}Z); rerun the build to redo it");
        }
        if (TaskJournal.Read(TaskJournal.FailedFile(layout, phase, rank)) is { } failed)
            return (TaskState.Failed, $"{failed.Error} (log: {failed.Log})");
        string log = layout.TaskLog(phase, rank);
        if (view is not null && view.Submitted.Contains(rank) && File.Exists(log))
            return (TaskState.Failed, $"left the Slurm queue without completing (log: {log})");
        return (TaskState.Pending, null);
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
