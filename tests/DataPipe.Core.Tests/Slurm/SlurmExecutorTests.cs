using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataPipe.Core.Tests.Slurm;

/// <summary>
/// The executor's decisions against a scripted scheduler (no Slurm): which ranks are resubmitted, how phases are
/// re-chained, what is cancelled, when it gives up.
/// </summary>
public sealed class SlurmExecutorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Plan Plan() => new()
    {
        PipelineName = "fake",
        PipelineFile = "fake.yaml",
        PipelineYaml = "",
        ConfigHash = "",
        Out = _dir.File("out"),
        Seed = 1,
        Shards = [],
        Phases =
        [
            new PhasePlan { Name = "pass-1", Kind = PhaseKind.Pass, Tasks = 5 },
            new PhasePlan { Name = "finalize", Kind = PhaseKind.Finalize, Tasks = 1 },
        ],
    };

    private SlurmExecutor Executor(FakeScheduler scheduler, SlurmOptions options) => new(scheduler, new SlurmScriptContext
    {
        Layout = new BuildLayout(_dir.File("out")),
        PipelineName = "fake",
        Dotnet = "dotnet",
        CliDll = "/x/datapipe.dll",
        Options = options with { PollSeconds = 0.05 },
    }, NullLogger.Instance);

    [Fact]
    public async Task OnlyTheFailedRankIsResubmittedAndTheLaterPhaseIsChainedBehindIt()
    {
        var scheduler = new FakeScheduler(new BuildLayout(_dir.File("out")), (phase, rank, attempt) => phase == "pass-1" && rank == 3 && attempt == 1);
        await Executor(scheduler, new SlurmOptions { TasksPerJob = 2 }).RunAsync(Plan(), CancellationToken.None);

        var jobs = SlurmJobFile.TryRead(new BuildLayout(_dir.File("out")))!;
        Assert.Equal(["pass-1", "finalize", "pass-1", "finalize"], jobs.Select(j => j.Job.Phase));
        Assert.Equal([0, 1, 2], jobs[0].Job.Elements); // 5 ranks, 2 per element
        Assert.Equal([1], jobs[2].Job.Elements);        // element 1 = ranks 2, 3; rank 2 is skipped by its marker
        Assert.Equal(2, jobs[2].Job.Attempt);
        Assert.Equal([jobs[0].JobId], scheduler.AfterOk[jobs[1].JobId]);
        Assert.Equal([jobs[2].JobId], scheduler.AfterOk[jobs[3].JobId]);
        Assert.Contains(jobs[1].JobId, scheduler.Cancelled);
        Assert.Equal([2, 3], scheduler.Ran.Where(r => r.Attempt == 2).Select(r => r.Rank)); // rank 2 "ran" again only in the fake: the real script skips it by marker
        Assert.True(File.Exists(new BuildLayout(_dir.File("out")).DoneMarker("finalize", 0)));
    }

    [Fact]
    public async Task ARankThatKeepsFailingStopsAfterTheAllowedAttemptsAndCancelsEverything()
    {
        var scheduler = new FakeScheduler(new BuildLayout(_dir.File("out")), (phase, rank, _) => phase == "pass-1" && rank == 4);
        var e = await Assert.ThrowsAsync<SlurmTaskFailedException>(() => Executor(scheduler, new SlurmOptions { Attempts = 2 }).RunAsync(Plan(), CancellationToken.None));

        Assert.Equal("pass-1", e.Phase);
        Assert.Equal([4], e.Ranks);
        Assert.Equal(Path.Combine(_dir.File("out"), "logs", "pass-1", "rank-00004.log"), Assert.Single(e.Logs));
        Assert.Contains("task pass-1#4: log " + e.Logs[0], e.Message);
        var jobs = SlurmJobFile.TryRead(new BuildLayout(_dir.File("out")))!;
        Assert.Equal(4, jobs.Count);
        Assert.All(jobs, j => Assert.Contains(j.JobId, scheduler.Cancelled));
        Assert.Equal(2, scheduler.Ran.Count(r => r.Rank == 4));
    }

    [Fact]
    public async Task AJobThatCanNeverStartFailsTheBuildInsteadOfWaitingForever()
    {
        var scheduler = new FakeScheduler(new BuildLayout(_dir.File("out")), (_, _, _) => false) { StuckReason = "PartitionConfig" };
        var e = await Assert.ThrowsAsync<SlurmException>(() => Executor(scheduler, new SlurmOptions()).RunAsync(Plan(), CancellationToken.None));
        Assert.Contains("can never start: pending with reason PartitionConfig", e.Message);
        Assert.Equal(2, scheduler.Cancelled.Count);
    }

    [Fact]
    public async Task ASchedulerThatTimesOutNowAndThenIsRiddenOut()
    {
        var scheduler = new FakeScheduler(new BuildLayout(_dir.File("out")), (_, _, _) => false) { QueryFailures = 9 };
        await Executor(scheduler, new SlurmOptions()).RunAsync(Plan(), CancellationToken.None);
        Assert.True(File.Exists(new BuildLayout(_dir.File("out")).DoneMarker("finalize", 0)));
        Assert.Empty(scheduler.Cancelled);
    }

    [Fact]
    public async Task ASchedulerThatStaysUnreachableEndsTheBuild()
    {
        var scheduler = new FakeScheduler(new BuildLayout(_dir.File("out")), (_, _, _) => false) { QueryFailures = 10 };
        var e = await Assert.ThrowsAsync<SlurmException>(() => Executor(scheduler, new SlurmOptions()).RunAsync(Plan(), CancellationToken.None));
        Assert.Contains("Socket timed out", e.Message);
        Assert.Equal(2, scheduler.Cancelled.Count);
    }

    [Fact]
    public async Task ACompleteBuildSubmitsNothing()
    {
        var layout = new BuildLayout(_dir.File("out"));
        foreach (var (phase, rank) in new[] { ("pass-1", 0), ("pass-1", 1), ("pass-1", 2), ("pass-1", 3), ("pass-1", 4), ("finalize", 0) })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(layout.DoneMarker(phase, rank))!);
            File.WriteAllText(layout.DoneMarker(phase, rank), "{}");
        }
        var scheduler = new FakeScheduler(layout, (_, _, _) => false);
        await Executor(scheduler, new SlurmOptions()).RunAsync(Plan(), CancellationToken.None);
        Assert.Empty(scheduler.AfterOk);
    }

    /// <summary>
    /// Runs a submitted array job "instantly" on the first poll after its dependencies succeeded: writes markers
    /// for its ranks except those <c>fails(phase, rank, attempt)</c> names; a job whose dependency failed is dropped,
    /// as <c>--kill-on-invalid-dep=yes</c> does.
    /// </summary>
    private sealed class FakeScheduler(BuildLayout layout, Func<string, int, int, bool> fails) : ISlurmScheduler
    {
        private long _next = 100;
        private readonly Dictionary<long, bool> _finishedOk = [];

        public Dictionary<long, IReadOnlyList<long>> AfterOk { get; } = [];
        public List<long> Cancelled { get; } = [];
        public List<(string Phase, int Rank, int Attempt)> Ran { get; } = [];
        public string? StuckReason { get; init; }
        public int QueryFailures { get; set; }

        public long Submit(string scriptPath, IReadOnlyList<long> afterOk)
        {
            Assert.True(File.Exists(scriptPath));
            AfterOk[++_next] = afterOk;
            return _next;
        }

        public IReadOnlyList<SlurmTaskState> Active(IReadOnlyCollection<long> jobIds)
        {
            if (QueryFailures-- > 0) throw new SlurmException("squeue failed (exit 1): Socket timed out on send/recv operation");
            if (StuckReason is not null) return [new SlurmTaskState(jobIds.Min(), 0, "PENDING", StuckReason)];
            var submissions = SlurmJobFile.TryRead(layout) ?? [];
            foreach (var s in submissions.Where(s => jobIds.Contains(s.JobId) && !_finishedOk.ContainsKey(s.JobId) && !Cancelled.Contains(s.JobId)))
            {
                var deps = AfterOk[s.JobId];
                if (deps.Any(d => _finishedOk.TryGetValue(d, out bool ok) && !ok) || deps.Any(Cancelled.Contains)) { _finishedOk[s.JobId] = false; continue; }
                if (!deps.All(_finishedOk.ContainsKey)) continue;
                bool ok = true;
                foreach (int rank in s.Job.AllRanks)
                {
                    Ran.Add((s.Job.Phase, rank, s.Job.Attempt));
                    if (fails(s.Job.Phase, rank, s.Job.Attempt)) { ok = false; continue; }
                    Directory.CreateDirectory(Path.GetDirectoryName(layout.DoneMarker(s.Job.Phase, rank))!);
                    File.WriteAllText(layout.DoneMarker(s.Job.Phase, rank), "{}");
                }
                _finishedOk[s.JobId] = ok;
            }
            return submissions.Where(s => jobIds.Contains(s.JobId) && !_finishedOk.ContainsKey(s.JobId) && !Cancelled.Contains(s.JobId))
                .SelectMany(s => s.Job.Elements.Select(e => new SlurmTaskState(s.JobId, e, "PENDING", "Dependency"))).ToList();
        }

        public void Cancel(IReadOnlyCollection<long> jobIds) => Cancelled.AddRange(jobIds);

        public int? MaxArraySize() => 1001;
    }
}
