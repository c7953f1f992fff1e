namespace DataPipe.Core.Execution;

/// <summary>Live counts a running build reports (for a progress bar or periodic log lines). Must be thread-safe.</summary>
public interface IBuildProgress
{
    void PhaseStarted(PhasePlan phase, int pendingTasks, long pendingInputBytes);

    void Advance(long documents, long inputBytes);

    void TaskFinished(PhasePlan phase, int rank);
}

public sealed class NoProgress : IBuildProgress
{
    public static readonly NoProgress Instance = new();

    public void PhaseStarted(PhasePlan phase, int pendingTasks, long pendingInputBytes) { }

    public void Advance(long documents, long inputBytes) { }

    public void TaskFinished(PhasePlan phase, int rank) { }
}
