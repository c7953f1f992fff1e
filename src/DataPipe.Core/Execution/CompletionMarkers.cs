namespace DataPipe.Core.Execution;

/// <summary>
/// The completion markers of a build (<c>done/&lt;phase&gt;/NNNNN.done</c>): the one truth about which tasks finished,
/// read the same way by the executors, the task runner and <c>datapipe status</c>.
/// </summary>
public sealed class CompletionMarkers(BuildLayout layout)
{
    public bool IsDone(string phase, int rank) => File.Exists(layout.DoneMarker(phase, rank));

    /// <summary>Marks a task complete; written last, after every output of the task is in place.</summary>
    public void Mark(string phase, int rank, TimeSpan took) =>
        IO.AtomicFile.WriteAllText(layout.DoneMarker(phase, rank),
            $"{{\"seconds\":{took.TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}}}\n");

    public List<int> Pending(PhasePlan phase) => Enumerable.Range(0, phase.Tasks).Where(r => !IsDone(phase.Name, r)).ToList();

    public HashSet<int> Done(PhasePlan phase) => Enumerable.Range(0, phase.Tasks).Where(r => IsDone(phase.Name, r)).ToHashSet();

    public bool IsComplete(PhasePlan phase) => Enumerable.Range(0, phase.Tasks).All(r => IsDone(phase.Name, r));

    /// <summary>Index of the first phase at or after <paramref name="from"/> with an unmarked task (the phase count when none).</summary>
    public int FirstIncomplete(Plan plan, int from = 0)
    {
        int p = from;
        while (p < plan.Phases.Count && IsComplete(plan.Phases[p])) p++;
        return p;
    }

    /// <summary>A build is finished when its finalize task (the last phase) is marked.</summary>
    public bool IsFinished(Plan plan) => FirstIncomplete(plan) == plan.Phases.Count;
}
