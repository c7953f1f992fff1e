namespace DataPipe.Core.Execution.Slurm;

/// <summary>The scheduler's view of one phase of a Slurm build: ranks submitted, running and still queued.</summary>
public sealed record SlurmPhaseView(HashSet<int> Submitted, HashSet<int> Running, HashSet<int> Queued);

/// <summary>
/// What the scheduler knows about a build's jobs (<c>slurm/jobs.json</c>): per phase, the ranks submitted and, from the
/// queue, those running or still pending. Null for a build never submitted to Slurm.
/// </summary>
public static class SlurmStatus
{
    public static IReadOnlyDictionary<string, SlurmPhaseView>? Read(Plan plan, BuildLayout layout, ISlurmScheduler scheduler)
    {
        var submissions = SlurmJobFile.TryRead(layout);
        if (submissions is null || submissions.Count == 0) return null;
        var active = scheduler.Active(submissions.Select(s => s.JobId).ToHashSet());
        var activeByJob = active.ToLookup(t => t.ArrayJobId);

        var result = new Dictionary<string, SlurmPhaseView>(StringComparer.Ordinal);
        foreach (var phase in plan.Phases)
        {
            var view = new SlurmPhaseView([], [], []);
            foreach (var s in submissions.Where(s => s.Job.Phase == phase.Name))
            {
                view.Submitted.UnionWith(s.Job.AllRanks);
                foreach (var task in activeByJob[s.JobId])
                    foreach (int rank in s.Job.Ranks(task.Element))
                        (task.IsPending ? view.Queued : view.Running).Add(rank);
            }
            view.Queued.ExceptWith(view.Running);
            result[phase.Name] = view;
        }
        return result;
    }
}
