using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Slurm;

/// <summary>Script generation and array layout; no scheduler needed (<c>--dry-run</c> submits nothing).</summary>
public sealed class SlurmScriptTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static PhasePlan Phase(int tasks) => new() { Name = "pass-1", Kind = PhaseKind.Pass, Tasks = tasks };

    [Fact]
    public void PhasesAboveMaxArraySizeAreSplitIntoJobsWithOffsets()
    {
        var jobs = SlurmArrayJob.ForRanks(Phase(23), Enumerable.Range(0, 23), tasksPerJob: 2, maxArraySize: 5, attempt: 1);
        // 23 ranks, 2 per element → 12 elements → chunks of 5, 5, 2
        Assert.Equal([0, 5, 10], jobs.Select(j => j.ElementOffset));
        Assert.Equal(["0-4", "0-4", "0-1%3"], jobs.Select(j => j.ArraySpec(j.Chunk == 2 ? 3 : null)));
        Assert.Equal(Enumerable.Range(0, 23), jobs.SelectMany(j => j.AllRanks));
        Assert.Equal([22], jobs[2].Ranks(1)); // the last element holds the odd rank alone
    }

    [Fact]
    public void ResubmissionNamesOnlyTheElementsWithPendingRanks()
    {
        var jobs = SlurmArrayJob.ForRanks(Phase(40), [3, 4, 5, 9, 31], tasksPerJob: 1, maxArraySize: 30, attempt: 2);
        Assert.Equal(2, jobs.Count);
        Assert.Equal("3-5,9%2", jobs[0].ArraySpec(2));
        Assert.Equal("1", jobs[1].ArraySpec(null));
        Assert.Equal([31], jobs[1].AllRanks);
        Assert.Equal("pass-1.001.attempt-2.sbatch", jobs[1].ScriptName);
    }

    [Theory]
    [InlineData("7", new[] { 7 })]
    [InlineData("[0-3%2]", new[] { 0, 1, 2, 3 })]
    [InlineData("[1,4-5]", new[] { 1, 4, 5 })]
    public void SqueueArrayFieldsAreExpanded(string field, int[] expected) =>
        Assert.Equal(expected, SlurmArrayJob.ParseArrayField(field));

    [Fact]
    public void DryRunPrintsScriptsWithEveryOptionAndSubmitsNothing()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 7, docsPerShard: 3);
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir,
            extra: "executor: slurm\nslurm:\n  partition: cpu\n  account: corpus\n  time: \"02:00:00\"\n  mem: 4G\n  tasks_per_job: 2\n  extra_args: [--constraint=avx2]\n");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--dry-run", "--slurm-qos", "low", "--slurm-cpus-per-task", "3",
            "--slurm-max-concurrent", "2", "--slurm-max-array-size", "3", "--slurm-extra=--exclusive", "--slurm-setup", "module load dotnet");
        Assert.True(result.ExitCode == 0, result.All);
        string o = result.StdOut;

        // 7 ranks, 2 per element → 4 elements, at most 3 per array → two pass-1 jobs, then finalize after both.
        string script0 = Path.Combine(outDir, "slurm", "pass-1.000.attempt-1.sbatch");
        string script1 = Path.Combine(outDir, "slurm", "pass-1.001.attempt-1.sbatch");
        Assert.Contains($"# submit: sbatch --parsable {script0}", o);
        Assert.Contains($"# submit: sbatch --parsable {script1}", o);
        Assert.Contains("--dependency=afterok:<job ids of pass-1>", o);
        Assert.Equal(3, o.Split("#!/bin/bash").Length - 1);
        Assert.Contains("#SBATCH --array=0-2%2\n", o);
        Assert.Contains("#SBATCH --array=0%2\n", o);
        Assert.Contains("first=$(( (3 + SLURM_ARRAY_TASK_ID) * tasks_per_job ))", o);
        foreach (var line in new[] { "--partition=cpu", "--account=corpus", "--qos=low", "--time=02:00:00", "--mem=4G", "--cpus-per-task=3",
                     "--kill-on-invalid-dep=yes", "--constraint=avx2", "--exclusive", $"--output={outDir}/logs/slurm/pass-1-%A_%a.out" })
            Assert.Contains("#SBATCH " + line + "\n", o);
        Assert.Contains("    module load dotnet\n", o);
        Assert.Contains($"task --plan '{outDir}/plan.json' --phase 'pass-1' --rank \"$rank\"", o);
        Assert.Contains($"'{TestPaths.CliDll}'", o);
        Assert.False(File.Exists(script0));
        Assert.False(Directory.Exists(Path.Combine(outDir, "done")));
    }

    [Theory]
    [InlineData("--slurm-time", "two hours", "is not a Slurm time limit")]
    [InlineData("--slurm-mem", "lots", "is not a Slurm memory size")]
    [InlineData("--slurm-extra", "constraint=x", "is not an sbatch option")]
    public void BadSlurmOptionsAreConfigErrors(string flag, string value, string message)
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 1, docsPerShard: 1);
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("out"));
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--executor", "slurm", "--dry-run", flag, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StdErr);
    }

    [Fact]
    public void UnknownKeyInTheSlurmSectionNamesFileAndLine()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 1, docsPerShard: 1);
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("out"), extra: "slurm:\n  partiton: cpu\n");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--executor", "slurm", "--dry-run");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("slurm.partiton: unknown key", result.StdErr);
    }
}
