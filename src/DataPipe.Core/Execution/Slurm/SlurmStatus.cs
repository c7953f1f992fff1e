namespace DataPipe.Core.Execution.Slurm;

/// <summary>One phase as <c>datapipe status</c> shows it.</summary>
public sealed record PhaseStatus(string Phase, int Tasks, int Done, int Running, int Failed, int Pending);

/// <summary>
/// Per phase: done from the completion markers; running and queued from the scheduler's view of the build's jobs
/// (<c>slurm/jobs.json</c>); failed = submitted, started (it has a log), no longer in the queue, and not done.
/// Without a job file (local builds) only done and pending are known.
/// </summary>
public static class SlurmStatus
{
    public static IReadOnlyList<PhaseStatus> Read(Plan plan, BuildLayout layout, ISlurmScheduler? scheduler)
    {
        var submissions = SlurmJobFile.TryRead(layout) ?? [];
        var active = scheduler is null || submissions.Count == 0
            ? []
            : scheduler.Active(submissions.Select(s => s.JobId).ToHashSet());
        var activeByJob = active.ToLookup(t => t.ArrayJobId);

        var result = new List<PhaseStatus>();
        foreach (var phase in plan.Phases)
        {
            var done = Enumerable.Range(0, phase.Tasks).Where(r => File.Exists(layout.DoneMarker(phase.Name, r))).ToHashSet();
            var running = new HashSet<int>();
            var queued = new HashSet<int>();
            var submitted = new HashSet<int>();
            foreach (var s in submissions.Where(s => s.Job.Phase == phase.Name))
            {
                submitted.UnionWith(s.Job.AllRanks);
                foreach (var task in activeByJob[s.JobId])
                    foreach (int rank in s.Job.Ranks(task.Element))
                        (task.IsPending ? queued : running).Add(rank);
            }
            running.ExceptWith(done);
            queued.ExceptWith(done);
            queued.ExceptWith(running);
            int failed = submitted.Count(r => !done.Contains(r) && !running.Contains(r) && !queued.Contains(r)
                && File.Exists(SlurmExecutor.RankLogPath(layout, phase.Name, r)));
            result.Add(new PhaseStatus(phase.Name, phase.Tasks, done.Count, running.Count, failed, phase.Tasks - done.Count - running.Count - failed));
        }
        return result;
    }
}
