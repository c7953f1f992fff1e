using System.Diagnostics;
using System.Text.RegularExpressions;
using DataPipe.Core.Config;
using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;
using DataPipe.Core.Stages;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Slurm;

/// <summary>
/// Builds on a real single-node Slurm through the real CLI: byte-identical to local (generated JSONL, and the sample
/// pipeline on the sample corpus), a cancelled array task is resubmitted, a rank that always fails stops the build
/// naming its log and leaves nothing queued.
/// </summary>
[Collection("slurm")]
public sealed class SlurmBuildTests : IDisposable
{
    private const string Stages = "  - type: write_documents\n  - type: write_documents\n    name: parquet_copy\n    format: parquet\n";
    private readonly TempDirectory _dir = new();
    private readonly string _name = "t" + Guid.NewGuid().ToString("N")[..10];

    public SlurmBuildTests() => SlurmCluster.RequireRunning();

    public void Dispose() => _dir.Dispose();

    private string JobName(string phase) => $"datapipe-{_name}-{phase}";

    private string Pipeline(string outDir)
    {
        string path = _dir.File($"{_name}.yaml");
        File.WriteAllText(path, $"name: {_name}\ninputs:\n  - path: {_dir.File("in/*.jsonl.gz")}\nout: {outDir}\nstages:\n{Stages}");
        return path;
    }

    private SortedDictionary<string, string> LocalBuild()
    {
        string outDir = _dir.File("local");
        var local = CliProcess.Run(_dir.Path, "run", Pipeline(outDir), "--workers", "2");
        Assert.True(local.ExitCode == 0, local.All);
        return CorpusFiles.Hashes(Path.Combine(outDir, "documents"));
    }

    private static string[] SlurmArgs(string pipeline, string outDir, params string[] more) =>
        ["run", pipeline, "--out", outDir, "--executor", "slurm", "--slurm-poll-seconds", "0.25", .. more];

    /// <summary>Every task and scheduler log of a build, for failure messages.</summary>
    private static string Logs(string outDir) => !Directory.Exists(Path.Combine(outDir, "logs")) ? $"(no {outDir}/logs)" : string.Join("\n",
        Directory.EnumerateFiles(Path.Combine(outDir, "logs"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => $"--- {f}\n{File.ReadAllText(f)}"));

    [Fact]
    public void FourShardsUnderSlurmAreByteIdenticalToTheLocalBuild()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 5, docsPerShard: 200);
        var expected = LocalBuild();
        string outDir = _dir.File("slurm");
        var result = CliProcess.Run(_dir.Path, SlurmArgs(Pipeline(_dir.File("local")), outDir, "--slurm-max-concurrent", "4", "--slurm-time", "00:10:00"));
        Assert.True(result.ExitCode == 0, result.All);

        Assert.Equal(10, expected.Count); // 5 shards × (jsonl.gz + parquet)
        Assert.Equal(expected, CorpusFiles.Hashes(Path.Combine(outDir, "documents")));
        for (int rank = 0; rank < 5; rank++)
            Assert.Contains("task pass-1#" + rank + ": Completed", File.ReadAllText(Path.Combine(outDir, "logs", "pass-1", $"rank-{rank:D5}.log")));
        Assert.Equal(6, Directory.GetFiles(Path.Combine(outDir, "done"), "*.done", SearchOption.AllDirectories).Length);
        Assert.Empty(SlurmCluster.Queue(JobName("pass-1"), JobName("finalize")));

        var status = CliProcess.Run(_dir.Path, "status", outDir);
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Matches(@"pass-1\s*│\s*pass\s*│\s*5\s*│\s*5\s*│\s*0\s*│\s*0\s*│\s*0", status.StdOut);
        Assert.Contains("complete", status.StdOut);
    }

    /// <summary>
    /// Issue #7: pipelines/sample.yaml itself (only its inputs and out replaced, on the command line) on four sample
    /// shards, as a world of 4 ranks (one array task per rank, <c>%4</c>: all 4 may run at once; a 2-CPU node runs 2), gives the same bytes as a
    /// local build with 2 workers: token shards and manifest, documents, dedup audits, rejected samples.
    /// </summary>
    [Fact]
    public void TheSamplePipelineWithWorldSizeFourUnderSlurmIsByteIdenticalToTheLocalBuild()
    {
        const int worldSize = 4;
        string samplePipeline = Path.Combine(TestPaths.RepoRoot, "pipelines", "sample.yaml");
        string shardFolder = Path.Combine(TestPaths.RepoRoot, "sample-data", "shards");
        if (!File.Exists(Path.Combine(shardFolder, ".complete")))
            Assert.Fail($"the sample corpus is missing ({shardFolder}/.complete not found): run `make sample` in {TestPaths.RepoRoot} (make test does it).");
        string[] shards = Directory.GetFiles(shardFolder, "*.warc.wet.gz").Order(StringComparer.Ordinal).Take(worldSize).ToArray();
        Assert.True(shards.Length == worldSize, $"expected at least {worldSize} shards in {shardFolder}, found {shards.Length}: run `make -C sample-data clean sample`");
        var globalStages = new PipelineLoader(StageCatalog.CreateDefault()).Load(samplePipeline).Stages.OfType<IGlobalStage>().Select(s => s.Name).ToList();
        Assert.NotEmpty(globalStages); // the sample pipeline dedups; without a global stage this test would not cover resolve phases

        string[] Build(string outDir, params string[] executor) =>
            ["run", samplePipeline, "--out", outDir, "--input", .. shards, .. executor];
        string localDir = _dir.File("local"), slurmDir = _dir.File("slurm");
        var local = CliProcess.Run(_dir.Path, Build(localDir, "--executor", "local", "--workers", "2"));
        Assert.True(local.ExitCode == 0, local.All);
        var slurm = CliProcess.Run(_dir.Path, Build(slurmDir, "--executor", "slurm", "--slurm-max-concurrent", worldSize.ToString(),
            "--slurm-tasks-per-job", "1", "--slurm-time", "00:10:00", "--slurm-poll-seconds", "0.25"));
        if (slurm.ExitCode != 0) Assert.Fail($"the Slurm build exited with {slurm.ExitCode}:\n{slurm.All}\n{Logs(slurmDir)}");

        // Byte-identical outputs, and enough of them that the comparison means something.
        foreach (string folder in new[] { "tokens", "documents", "dedup", "rejected" })
        {
            var expected = CorpusFiles.Hashes(Path.Combine(localDir, folder));
            var actual = CorpusFiles.Hashes(Path.Combine(slurmDir, folder));
            Assert.True(expected.Count > 0, $"the local build wrote nothing under {folder}/");
            Assert.Equal(expected.Keys, actual.Keys);
            var differing = expected.Keys.Where(k => expected[k] != actual[k]).ToList();
            Assert.True(differing.Count == 0, $"{folder}/ differs between the local and the Slurm build: {string.Join(", ", differing)}");
        }
        var tokens = CorpusFiles.Hashes(Path.Combine(slurmDir, "tokens")).Keys.ToList();
        Assert.Contains("manifest.json", tokens);
        Assert.Equal(worldSize, tokens.Count(f => f.EndsWith(".arrow", StringComparison.Ordinal)));

        // Every phase ran as Slurm array tasks: world size 4 for the passes, and the dedup resolve phases and finalize as jobs too.
        var plan = Plan.Load(Path.Combine(slurmDir, "plan.json"));
        Assert.Equal(worldSize, plan.Shards.Count);
        foreach (string stage in globalStages)
            Assert.Contains(plan.Phases, p => p.Kind == PhaseKind.Resolve && p.Stage == stage);
        var submissions = SlurmJobFile.TryRead(new BuildLayout(slurmDir)) ?? throw new Xunit.Sdk.XunitException($"{slurmDir}/slurm/jobs.json is missing");
        foreach (var phase in plan.Phases)
        {
            var jobs = submissions.Where(s => s.Job.Phase == phase.Name).ToList();
            Assert.True(jobs.Count > 0, $"phase {phase.Name} was never submitted to Slurm");
            if (phase.Kind == PhaseKind.Pass)
            {
                Assert.Equal(worldSize, phase.Tasks);
                var first = jobs.Single(j => j.Job.Attempt == 1);
                Assert.Equal(1, first.Job.TasksPerJob);
                Assert.Equal(Enumerable.Range(0, worldSize), first.Job.Elements);
                Assert.Contains($"#SBATCH --array=0-{worldSize - 1}%{worldSize}", File.ReadAllLines(first.Script));
            }
            for (int rank = 0; rank < phase.Tasks; rank++)
            {
                string log = Path.Combine(slurmDir, "logs", phase.Name, $"rank-{rank:D5}.log");
                Assert.True(File.Exists(log), $"no Slurm task log for {phase.Name}#{rank}: {log}");
                string text = File.ReadAllText(log);
                var header = Regex.Match(text, $@"rank {rank}, job \d+ \(array (\d+)_(\d+)\)");
                Assert.True(header.Success, $"{log} has no Slurm array task header:\n{text}");
                Assert.Contains(long.Parse(header.Groups[1].Value), jobs.Select(j => j.JobId));
                Assert.True(File.Exists(Path.Combine(slurmDir, "logs", "slurm", $"{phase.Name}-{header.Groups[1].Value}_{header.Groups[2].Value}.out")), $"no Slurm output file for {phase.Name}#{rank}");
                Assert.Contains($"task {phase.Name}#{rank}: Completed", text);
                Assert.True(File.Exists(Path.Combine(slurmDir, "done", phase.Name, $"{rank:D5}.done")), $"no done marker for {phase.Name}#{rank}");
            }
        }
        Assert.Empty(SlurmCluster.Queue(plan.Phases.Select(p => $"datapipe-{plan.PipelineName}-{p.Name}").ToArray()));
    }

    [Fact]
    public async Task ScancelOfOneArrayTaskIsResubmittedAndTheOutputIsUnchanged()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 4, docsPerShard: 200);
        var expected = LocalBuild();
        string outDir = _dir.File("slurm");
        // Each pass task lingers 3 s so there is a running task to cancel.
        using var build = CliProcess.Start(_dir.Path, SlurmArgs(Pipeline(_dir.File("local")), outDir, "--slurm-setup", "[ \"$DATAPIPE_PHASE\" != pass-1 ] || sleep 3"));
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();

        string? victim = null;
        var watch = Stopwatch.StartNew();
        while (victim is null && watch.Elapsed < TimeSpan.FromSeconds(60) && !build.HasExited)
        {
            victim = SlurmCluster.Queue(JobName("pass-1")).Where(l => l.EndsWith(" RUNNING", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).FirstOrDefault();
            if (victim is null) await Task.Delay(100);
        }
        if (victim is null) Assert.Fail("no pass-1 task was seen running: " + await stderr);
        int rank = int.Parse(victim.Split('_')[1]);
        // squeue says RUNNING once the node is allocated, before the batch script has logged its header;
        // cancel only after the header is there, so the log shows the cancelled attempt.
        string victimLog = Path.Combine(outDir, "logs", "pass-1", $"rank-{rank:D5}.log");
        while (watch.Elapsed < TimeSpan.FromSeconds(60) && !(File.Exists(victimLog) && File.ReadAllText(victimLog).Contains($"rank {rank}, job", StringComparison.Ordinal)))
            await Task.Delay(20);
        Assert.Equal(0, SlurmCluster.Run("scancel", victim).Code);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await build.WaitForExitAsync(timeout.Token);
        string log = await stderr;
        Assert.True(build.ExitCode == 0, await stdout + log);
        Assert.True(log.Contains($"phase pass-1: 1 task(s) did not complete ({rank}); resubmitting them (attempt 2 of 3)", StringComparison.Ordinal), $"cancelled {victim}:\n{log}\n{Logs(outDir)}");
        Assert.Equal(expected, CorpusFiles.Hashes(Path.Combine(outDir, "documents")));
        string rankLog = File.ReadAllText(Path.Combine(outDir, "logs", "pass-1", $"rank-{rank:D5}.log"));
        Assert.Equal(2, rankLog.Split($"=== ").Count(s => s.Contains($"rank {rank}, job", StringComparison.Ordinal))); // cancelled run + resubmission
        Assert.Empty(SlurmCluster.Queue(JobName("pass-1"), JobName("finalize")));
    }

    [Fact]
    public void ARankThatAlwaysFailsStopsTheBuildNamingItsLogAndLeavesNothingQueued()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 4, docsPerShard: 20);
        string outDir = _dir.File("slurm");
        var result = CliProcess.Run(_dir.Path, SlurmArgs(Pipeline(outDir), outDir, "--slurm-attempts", "2",
            "--slurm-setup", "[ \"$DATAPIPE_PHASE:$DATAPIPE_RANK\" != pass-1:2 ] || { echo injected failure >&2; exit 3; }"));

        Assert.True(result.ExitCode == 1, result.All);
        string log = Path.Combine(outDir, "logs", "pass-1", "rank-00002.log");
        Assert.Contains("1 task(s) of phase pass-1 failed 2 time(s) under Slurm", result.StdErr);
        Assert.Contains($"task pass-1#2: log {log}", result.StdErr);
        Assert.Contains("injected failure", result.StdErr); // the tail of the log is quoted
        Assert.Equal(2, File.ReadAllLines(log).Count(l => l == "injected failure"));
        Assert.Contains("=== rank 2 failed with exit code 3", File.ReadAllText(log));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(outDir, "done", "pass-1")).Length);
        Assert.False(Directory.Exists(Path.Combine(outDir, "done", "finalize")));
        Assert.Empty(SlurmCluster.Queue(JobName("pass-1"), JobName("finalize")));

        var status = CliProcess.Run(_dir.Path, "status", outDir);
        Assert.Matches(@"pass-1\s*│\s*pass\s*│\s*4\s*│\s*3\s*│\s*0\s*│\s*1\s*│\s*0", status.StdOut);
        Assert.Contains("incomplete", status.StdOut);
    }

    [Fact]
    public void ARejectedSubmissionIsAClearErrorAndLeavesNothingQueued()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 2, docsPerShard: 5);
        string outDir = _dir.File("slurm");
        var result = CliProcess.Run(_dir.Path, SlurmArgs(Pipeline(outDir), outDir, "--slurm-partition", "no_such_partition"));
        Assert.True(result.ExitCode == 1, result.All);
        Assert.Contains("sbatch", result.StdErr);
        Assert.Contains("invalid partition", result.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(SlurmCluster.Queue(JobName("pass-1"), JobName("finalize")));
    }
}
