namespace DataPipe.Core.Execution.Slurm;

/// <summary>One array task as the scheduler sees it.</summary>
public sealed record SlurmTaskState(long ArrayJobId, int Element, string State, string Reason)
{
    /// <summary>States after which the task will never run again on its own.</summary>
    public bool IsFinished => State is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY"
        or "PREEMPTED" or "BOOT_FAIL" or "DEADLINE" or "SPECIAL_EXIT";

    public bool IsPending => State is "PENDING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "SUSPENDED";
}

/// <summary>The few scheduler commands the executor needs (sbatch, squeue, scancel, scontrol).</summary>
public interface ISlurmScheduler
{
    /// <summary>Submits a script; returns the (array) job id.</summary>
    long Submit(string scriptPath, IReadOnlyList<long> afterOk);

    /// <summary>Array tasks of these jobs that the scheduler still knows as queued or running.</summary>
    IReadOnlyList<SlurmTaskState> Active(IReadOnlyCollection<long> jobIds);

    void Cancel(IReadOnlyCollection<long> jobIds);

    /// <summary>The cluster's MaxArraySize, or null when it cannot be read.</summary>
    int? MaxArraySize();
}
