using System.Diagnostics;
using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>Command-line mistakes and run-time failures, through the real CLI: one line each, with the documented exit code.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Pipeline(string outDir = "out")
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 2, docsPerShard: 200, wordsPerDoc: 150);
        return CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File(outDir));
    }

    private static void AssertOneLine(CliResult result, int exitCode, string expected)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}: {result.All}");
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = lines.Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.All);
        Assert.Contains(expected, errors[0]);
        Assert.DoesNotContain("   at ", result.All);
        Assert.DoesNotContain("System.", result.All);
        Assert.DoesNotContain("Exception", result.All);
    }

    [Fact]
    public void EveryParseErrorExits2NamingTheOptionAndTheValueInWords()
    {
        string pipeline = Pipeline();
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["run", pipeline, "--workers", "abc"], "--workers: expected a whole number, got 'abc'"),
            (["run", pipeline, "--executor", "k8s"], "--executor: expected one of local, slurm, got 'k8s'"),
            (["run", pipeline, "--slurm-poll-seconds", "often"], "--slurm-poll-seconds: expected a number, got 'often'"),
            (["inspect", "x.arrow", "--decode", "many"], "--decode: expected a whole number, got 'many'"),
            (["train", "t.yaml"], "--tokens is required"),
            (["scaling", "fit"], "<runs> is required"),
            (["bogus"], "'bogus'"),
        })
        {
            var result = CliProcess.Run(_dir.Path, args);
            AssertOneLine(result, 2, expected);
        }
        Assert.False(Directory.Exists(_dir.File("out")), "a parse error must run nothing");
    }

    [Fact]
    public void AnUnknownOptionIsAnErrorNeverAnInputPath()
    {
        string pipeline = Pipeline();
        // --input takes several values per token: the misspelt option must not become one of them.
        var swallowed = CliProcess.Run(_dir.Path, "run", pipeline, "--input", _dir.File("in/*.jsonl.gz"), "--wrokers", "2");
        AssertOneLine(swallowed, 2, "unknown option '--wrokers' for 'datapipe run' (did you mean '--workers'?)");
        Assert.DoesNotContain("no input matches", swallowed.All);

        var alone = CliProcess.Run(_dir.Path, "train", "t.yaml", "--tokens", "x", "--resmue");
        AssertOneLine(alone, 2, "unknown option '--resmue'");
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public void AnUnwritableOutIsOneLineWithThePathTheReasonAndWhatToDo()
    {
        string pipeline = Pipeline();
        File.WriteAllText(_dir.File("a-file"), "not a folder");
        var underFile = CliProcess.Run(_dir.Path, "run", pipeline, "--out", _dir.File("a-file/build"));
        AssertOneLine(underFile, 1, $"'{_dir.File("a-file")}' is a file, not a folder");

        var proc = CliProcess.Run(_dir.Path, "run", pipeline, "--out", "/proc/datapipe-build");
        AssertOneLine(proc, 1, "cannot use '/proc/datapipe-build'");

        // Every command: the tokenizer trainer and the trainer report the same way.
        File.WriteAllLines(_dir.File("corpus.txt"), Enumerable.Range(0, 50).Select(i => $"line {i} of some words to count"));
        var tokenizer = CliProcess.Run(_dir.Path, "tokenizer", "train", "--input", "corpus.txt", "--vocab-size", "300", "--out", _dir.File("a-file/tok"));
        AssertOneLine(tokenizer, 1, $"'{_dir.File("a-file")}' is a file, not a folder");

        File.WriteAllText(_dir.File("train.yaml"), "seed: 1\n");
        var train = CliProcess.Run(_dir.Path, "train", "train.yaml", "--tokens", _dir.File("tokens"), "--out", "/proc/datapipe-train");
        AssertOneLine(train, 1, "cannot use '/proc/datapipe-train'");
    }

    [Fact]
    public void VerboseAddsTheStackTrace()
    {
        string pipeline = Pipeline();
        File.WriteAllText(_dir.File("a-file"), "");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--out", _dir.File("a-file/build"), "--verbose");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: cannot use", result.StdErr);
        Assert.Contains("   at ", result.StdErr);
    }

    [Fact]
    public void AReadOnlyMountAndAFullDiskAreOneLineEach()
    {
        string pipeline = Pipeline();
        string readOnly = _dir.File("ro"), full = _dir.File("full");
        if (!Mount(readOnly, "ro,size=64k") || !Mount(full, "size=32k"))
        {
            // Mounting needs root (CAP_SYS_ADMIN); the other tests here cover the one-line form without it.
            Unmount(readOnly);
            return;
        }
        try
        {
            var ro = CliProcess.Run(_dir.Path, "run", pipeline, "--out", Path.Combine(readOnly, "build"));
            AssertOneLine(ro, 1, "Read-only file system; choose a writable folder for --out");

            var disk = CliProcess.Run(_dir.Path, "run", pipeline, "--out", Path.Combine(full, "build"), "--workers", "1");
            AssertOneLine(disk, 1, "No space left on device; free disk space");
            Assert.Contains(full, disk.StdErr);
        }
        finally
        {
            Unmount(readOnly);
            Unmount(full);
        }
    }

    [Fact]
    public void AMissingInputIsReportedInTheErrorFormOfConfigErrors()
    {
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("nothing-here/*.jsonl"), _dir.File("out"));
        var result = CliProcess.Run(_dir.Path, "run", pipeline);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.StdErr);
        Assert.Contains("pipeline.yaml:3:", result.StdErr);
        Assert.DoesNotContain("fail:", result.All);
    }

    [Fact]
    public void AnEmptyStageListIsAConfigError()
    {
        File.WriteAllText(_dir.File("p.yaml"), "inputs:\n  - path: a.jsonl\nstages: []\n");
        var e = Assert.Throws<ConfigException>(() => new PipelineLoader(StageCatalog.CreateDefault()).Load(_dir.File("p.yaml")));
        Assert.Equal("stages", e.Key);
        Assert.Equal(3, e.Line);
        Assert.Contains("needs at least one stage", e.Message);

        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("out"), stagesYaml: "  []\n");
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 1, docsPerShard: 2);
        var result = CliProcess.Run(_dir.Path, "run", pipeline);
        AssertOneLine(result, 2, "stages: the list is empty");
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Theory]
    [InlineData("inputs:\n  - path: a.jsonl\nstages:\n\t- write_documents\n", 4, 1)]
    [InlineData("inputs:\n  - path: a.jsonl\nstages:\n  - type: write_documents\n  \tformat: parquet\n", 5, 3)]
    public void ATabIsReportedAtItsLineAndColumn(string yaml, int line, int column)
    {
        File.WriteAllText(_dir.File("p.yaml"), yaml);
        var e = Assert.Throws<ConfigException>(() => new PipelineLoader(StageCatalog.CreateDefault()).Load(_dir.File("p.yaml")));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains("tab", e.Message);
    }

    private static bool Mount(string path, string options)
    {
        Directory.CreateDirectory(path);
        return Exec("mount", "-t", "tmpfs", "-o", options, "tmpfs", path) == 0;
    }

    private static void Unmount(string path)
    {
        if (Directory.Exists(path)) Exec("umount", path);
    }

    private static int Exec(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
