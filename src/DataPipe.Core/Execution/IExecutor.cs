namespace DataPipe.Core.Execution;

/// <summary>
/// Runs the pending tasks of a build's plan, phase after phase, somewhere: in this process, on Slurm, … . Every task
/// it starts runs <see cref="Tasks.TaskRunner"/>, and the completion markers say what is done, so an executor keeps
/// nothing a rerun needs. A further executor (Kubernetes Indexed Jobs, Ray) is one class and one line in
/// <see cref="ExecutorCatalog"/>.
/// </summary>
public interface IExecutor
{
    /// <summary>True when tasks run in this process, so a progress display here sees them advance.</summary>
    bool RunsTasksHere { get; }

    /// <summary>
    /// Returns when every task of the plan is marked complete. Throws <see cref="BuildFailedException"/> when tasks
    /// failed for good; anything else it throws is a fault of the executor itself (a scheduler that does not answer).
    /// </summary>
    Task RunAsync(BuildSession session, CancellationToken cancellation);
}

/// <summary>An executor that submits scripts can print them instead (<c>--dry-run</c>).</summary>
public interface IScriptedExecutor : IExecutor
{
    /// <summary>Each script with the command that would submit it; submits nothing.</summary>
    void PrintScripts(Plan plan, TextWriter output);
}

/// <summary>The build stopped because tasks failed for good. The message is for a person, and may take several
/// lines: each failed task with the tail of its log.</summary>
public abstract class BuildFailedException(string message, Exception? inner = null) : Exception(message, inner);
