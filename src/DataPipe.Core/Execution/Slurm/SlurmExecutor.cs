using DataPipe.Core.IO;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution.Slurm;

/// <summary>
/// Runs a plan on Slurm: one array job per phase (split at MaxArraySize), chained with <c>afterok</c>. The
/// completion markers are the truth about what finished: when a phase's jobs have left the queue with ranks still
/// unmarked, the later phases are cancelled and the unmarked ranks alone are resubmitted, up to
/// <see cref="SlurmOptions.Attempts"/> times; then the build fails naming each rank and its log, with nothing of the
/// build left in the queue.
/// </summary>
public sealed class SlurmExecutor(ISlurmScheduler scheduler, SlurmScriptContext context, ILogger logger) : IScriptedExecutor
{
    /// <summary>The executor <c>executor: slurm</c> names: the real <c>sbatch</c>/<c>squeue</c>/<c>scancel</c>.</summary>
    public static SlurmExecutor For(BuildSession session, ExecutorSetup setup) =>
        new(new SlurmCommandLine(), SlurmScriptContext.For(session, setup.Slurm, setup.Launcher), setup.Logger);

    private readonly List<SlurmSubmission> _history = [];
    private readonly CompletionMarkers _markers = new(context.Layout);
    private BuildLayout Layout => context.Layout;
    private SlurmOptions Options => context.Options;

    public bool RunsTasksHere => false;

    public Task RunAsync(BuildSession session, CancellationToken cancellation) => RunAsync(session.Plan, cancellation);

    public async Task RunAsync(Plan plan, CancellationToken cancellation)
    {
        int maxArraySize = Options.MaxArraySize ?? scheduler.MaxArraySize() ?? SlurmOptions.DefaultMaxArraySize;
        _history.AddRange(SlurmJobFile.TryRead(Layout) ?? []);
        int previousRuns = _history.Count;
        var attempts = new int[plan.Phases.Count];
        var live = new List<SlurmSubmission>?[plan.Phases.Count];
        int current = _markers.FirstIncomplete(plan);
        if (current == plan.Phases.Count)
        {
            logger.LogInformation("every phase is already complete; nothing to submit");
            return;
        }
        try
        {
            SubmitFrom(plan, current, attempts, live, maxArraySize);
            var poll = TimeSpan.FromSeconds(Options.PollSeconds);
            int queueFailures = 0;
            while (current < plan.Phases.Count)
            {
                await Task.Delay(poll, cancellation).ConfigureAwait(false);
                var ids = live.Skip(current).Where(l => l is not null).SelectMany(l => l!).Select(s => s.JobId).ToHashSet();
                if (!TryQueryQueue(ids, ref queueFailures, out var active)) continue;
                ThrowIfStuck(active);
                var activeJobs = active.Select(t => t.ArrayJobId).ToHashSet();
                while (current < plan.Phases.Count)
                {
                    var phase = plan.Phases[current];
                    if (live[current] is { } jobs && jobs.Any(s => activeJobs.Contains(s.JobId))) break;
                    var missing = await MissingRanksAsync(phase, poll, cancellation).ConfigureAwait(false);
                    if (missing.Count == 0)
                    {
                        logger.LogInformation("phase {Phase}: all {Tasks} tasks complete", phase.Name, phase.Tasks);
                        current++;
                        continue;
                    }
                    CancelLater(live, current);
                    if (attempts[current] >= Options.Attempts)
                        throw new SlurmTaskFailedException(phase.Name, missing, attempts[current], missing.Select(r => RankLog(phase.Name, r)).ToList());
                    logger.LogWarning("phase {Phase}: {Count} task(s) did not complete ({Ranks}); resubmitting them (attempt {Attempt} of {Max})",
                        phase.Name, missing.Count, string.Join(", ", missing.Take(10)), attempts[current] + 1, Options.Attempts);
                    SubmitFrom(plan, current, attempts, live, maxArraySize);
                    break;
                }
            }
        }
        catch
        {
            // A failed or interrupted build must leave nothing of itself pending in the queue.
            var remaining = _history.Skip(previousRuns).Select(s => s.JobId).ToList();
            try { scheduler.Cancel(remaining); }
            catch (SlurmException e) { logger.LogError("could not cancel jobs {Jobs}: {Message}", string.Join(",", remaining), e.Message); }
            throw;
        }
    }

    public void PrintScripts(Plan plan, TextWriter output)
    {
        foreach (var (path, afterOk, text) in DryRun(plan))
        {
            output.WriteLine($"# ---- {path}");
            output.WriteLine($"# submit: sbatch --parsable {(afterOk.Length > 0 ? $"--dependency=afterok:<job ids of {afterOk}> " : "")}{path}");
            output.Write(text);
        }
        output.Flush();
    }

    /// <summary>The scripts a run would submit, without submitting anything.</summary>
    public IReadOnlyList<(string Path, string AfterOk, string Text)> DryRun(Plan plan)
    {
        int maxArraySize = Options.MaxArraySize ?? SlurmOptions.DefaultMaxArraySize;
        var result = new List<(string, string, string)>();
        string previous = "";
        foreach (var phase in plan.Phases)
        {
            var pending = PendingRanks(phase);
            if (pending.Count == 0) continue;
            foreach (var job in SlurmArrayJob.ForRanks(phase, pending, Options.TasksPerJob, maxArraySize, attempt: 1))
                result.Add((Path.Combine(SlurmJobFile.Directory(Layout), job.ScriptName), previous, SlurmScript.Render(job, context)));
            previous = phase.Name;
        }
        return result;
    }

    private void SubmitFrom(Plan plan, int first, int[] attempts, List<SlurmSubmission>?[] live, int maxArraySize)
    {
        Directory.CreateDirectory(Path.Combine(Layout.LogsDirectory, "slurm"));
        IReadOnlyList<long> afterOk = [];
        for (int p = first; p < plan.Phases.Count; p++)
        {
            var phase = plan.Phases[p];
            var pending = PendingRanks(phase);
            if (pending.Count == 0)
            {
                live[p] = null;
                continue;
            }
            Directory.CreateDirectory(Path.Combine(Layout.LogsDirectory, phase.Name));
            // A later phase cancelled before it could run keeps its attempt count: only a phase that ran and fell short uses one up.
            if (p == first || attempts[p] == 0) attempts[p]++;
            var submitted = new List<SlurmSubmission>();
            foreach (var job in SlurmArrayJob.ForRanks(phase, pending, Options.TasksPerJob, maxArraySize, attempts[p]))
            {
                string script = Path.Combine(SlurmJobFile.Directory(Layout), job.ScriptName);
                AtomicFile.WriteAllText(script, SlurmScript.Render(job, context));
                long id = scheduler.Submit(script, afterOk);
                submitted.Add(new SlurmSubmission(id, script, job));
                _history.Add(submitted[^1]);
                logger.LogInformation("phase {Phase}: submitted array job {Job} ({Elements} element(s), {Ranks} task(s){After})",
                    phase.Name, id, job.Elements.Count, job.AllRanks.Count(), afterOk.Count > 0 ? ", after " + string.Join(",", afterOk) : "");
            }
            live[p] = submitted;
            SlurmJobFile.Write(Layout, _history);
            afterOk = submitted.Select(s => s.JobId).ToList();
        }
    }

    /// <summary>A busy slurmctld times out now and then; only a queue that stays unreachable ends the build.</summary>
    private bool TryQueryQueue(HashSet<long> ids, ref int failures, out IReadOnlyList<SlurmTaskState> active)
    {
        try
        {
            active = scheduler.Active(ids);
            failures = 0;
            return true;
        }
        catch (SlurmException e) when (++failures < MaxQueueFailures)
        {
            logger.LogWarning("squeue failed ({Failures} in a row, giving up at {Max}): {Message}", failures, MaxQueueFailures, e.Message);
            active = [];
            return false;
        }
    }

    private const int MaxQueueFailures = 10;

    /// <summary>Pending reasons that no amount of waiting resolves: the build fails instead of hanging.</summary>
    private static readonly HashSet<string> HopelessReasons = new(StringComparer.Ordinal)
    {
        "PartitionConfig", "BadConstraints", "InvalidAccount", "InvalidQOS", "PartitionDown", "PartitionInactive",
        "AssocMaxWallDurationPerJobLimit", "QOSMaxWallDurationPerJobLimit", "PartitionTimeLimit", "AccountNotAllowed", "QOSNotAllowed",
    };

    private static void ThrowIfStuck(IReadOnlyList<SlurmTaskState> active)
    {
        var stuck = active.FirstOrDefault(t => t.IsPending && HopelessReasons.Contains(t.Reason));
        if (stuck is not null)
            throw new SlurmException($"array job {stuck.ArrayJobId} (task {stuck.Element}) can never start: pending with reason {stuck.Reason}; check partition, account, qos, time and resources");
    }

    private void CancelLater(List<SlurmSubmission>?[] live, int phase)
    {
        var later = live.Skip(phase + 1).Where(l => l is not null).SelectMany(l => l!).Select(s => s.JobId).ToList();
        scheduler.Cancel(later);
        for (int p = phase + 1; p < live.Length; p++) live[p] = null;
    }

    /// <summary>
    /// Unmarked ranks of a phase whose jobs have left the queue. Checked twice, one poll apart, because on a shared
    /// filesystem a marker written on a compute node can reach this node's attribute cache late.
    /// </summary>
    private async Task<List<int>> MissingRanksAsync(PhasePlan phase, TimeSpan poll, CancellationToken cancellation)
    {
        var missing = PendingRanks(phase);
        if (missing.Count == 0) return missing;
        await Task.Delay(poll, cancellation).ConfigureAwait(false);
        return PendingRanks(phase);
    }

    private List<int> PendingRanks(PhasePlan phase) => _markers.Pending(phase);

    private string RankLog(string phase, int rank) => RankLogPath(Layout, phase, rank);

    /// <summary>Where one rank's output goes (every attempt appends to it).</summary>
    public static string RankLogPath(BuildLayout layout, string phase, int rank) => layout.TaskLog(phase, rank);
}

/// <summary>A rank that still failed after every allowed attempt; the message names the rank and its log.</summary>
public sealed class SlurmTaskFailedException : BuildFailedException
{
    public SlurmTaskFailedException(string phase, IReadOnlyList<int> ranks, int attempts, IReadOnlyList<string> logs)
        : base(Describe(phase, ranks, attempts, logs))
    {
        Phase = phase;
        Ranks = ranks;
        Logs = logs;
    }

    public string Phase { get; }
    public IReadOnlyList<int> Ranks { get; }
    public IReadOnlyList<string> Logs { get; }

    private static string Describe(string phase, IReadOnlyList<int> ranks, int attempts, IReadOnlyList<string> logs)
    {
        var lines = new List<string> { $"{ranks.Count} task(s) of phase {phase} failed {attempts} time(s) under Slurm; the build stopped and its remaining jobs were cancelled" };
        for (int i = 0; i < Math.Min(ranks.Count, 5); i++)
        {
            lines.Add($"  task {phase}#{ranks[i]}: log {logs[i]}");
            foreach (var tail in LastLines(logs[i], 3)) lines.Add("    | " + tail);
        }
        if (ranks.Count > 5) lines.Add($"  … and {ranks.Count - 5} more (logs in the same folder)");
        return string.Join(Environment.NewLine, lines);
    }

    private static IEnumerable<string> LastLines(string path, int count)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).Where(l => l.Length > 0).TakeLast(count).ToList() : ["(no log: the task never started; see logs/slurm/ for the scheduler's output)"];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
