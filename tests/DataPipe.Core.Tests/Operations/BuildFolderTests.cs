using System.Diagnostics;
using System.Text.RegularExpressions;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Operations;

/// <summary>
/// The build folder under an operator's hands, through the real CLI: the lock a live driver holds, what
/// <c>datapipe status</c> tells of live, killed and failed builds, and that only final files ever appear where
/// downstream globs look.
/// </summary>
public sealed class BuildFolderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ALiveBuildIsLockedAndShownRunning_ASigkilledOneIsShownStaleAndDoesNotBlockItsRerun()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 8, docsPerShard: 3000, wordsPerDoc: 150);
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir);
        using var first = CliProcess.Start(_dir.Path, "run", pipeline, "--workers", "1");
        try
        {
            WaitFor(() => Markers(outDir) >= 1, first);
            // Frozen with a task in flight (SIGSTOP: the process, its lock and its records stay), so what status
            // reads cannot race the build however loaded the machine is.
            FreezeWithATaskRunning(first, outDir);

            var second = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "1");
            Assert.True(second.ExitCode == 2, second.All);
            string line = Assert.Single(second.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"pid {first.Id} on host {Environment.MachineName}", line);
            Assert.DoesNotContain("temporary files", second.All); // it touched nothing of the live build

            var live = CliProcess.Run(_dir.Path, "status", outDir);
            Assert.Equal(0, live.ExitCode);
            var pass = PhaseRow(live.StdOut, "pass-1");
            Assert.Equal(1, pass.Running); // one worker: exactly one task in flight
            Assert.Equal(0, pass.Stale);
            Assert.Contains("incomplete (running", live.StdOut);

            // Killed while a task is recorded running, so the kill leaves that record behind.
            first.Kill();
            first.WaitForExit();
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
        }

        var killed = CliProcess.Run(_dir.Path, "status", outDir);
        var row = PhaseRow(killed.StdOut, "pass-1");
        Assert.Equal(0, row.Running);
        Assert.Equal(1, row.Stale);
        Assert.Matches(@$"stale: task pass-1#\d+: recorded running by pid {first.Id} on {Regex.Escape(Environment.MachineName)} .*process is gone", killed.StdOut);

        var rerun = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "1");
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Equal(8, Directory.GetFiles(Path.Combine(outDir, "documents")).Length);
        var done = CliProcess.Run(_dir.Path, "status", outDir);
        Assert.Equal(0, PhaseRow(done.StdOut, "pass-1").Stale);
        Assert.EndsWith("complete", done.StdOut.TrimEnd());
    }

    [Fact]
    public void AFailedTaskIsShownFailedWithItsErrorLineAndLog()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 3, docsPerShard: 20);
        string outDir = _dir.File("out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "documents"), "a file where write_documents needs its folder");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir);
        var run = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "1");
        Assert.True(run.ExitCode == 1, run.All);

        var status = CliProcess.Run(_dir.Path, "status", outDir);
        var row = PhaseRow(status.StdOut, "pass-1");
        Assert.Equal((0, 0, 1, 2, 0), (row.Done, row.Running, row.Failed, row.Pending, row.Stale));
        string log = Path.Combine(outDir, "logs", "pass-1", "rank-00000.log");
        Assert.Contains($"failed: task pass-1#0: IOException: ", status.StdOut);
        Assert.Contains($"(log: {log})", status.StdOut);
        Assert.Contains("incomplete (failed", status.StdOut);
        Assert.Contains("   at ", File.ReadAllText(log)); // the whole error, stack included, is in the log, not on screen
        Assert.DoesNotContain("   at ", status.StdOut);

        // Not finished: clean refuses, since the resume needs the intermediates.
        var clean = CliProcess.Run(_dir.Path, "clean", outDir);
        Assert.Equal(2, clean.ExitCode);
        Assert.Contains("not a finished build", clean.StdErr);
    }

    [Fact]
    public void OnlyFinalFilesEverAppearUnderDocumentsAndTokens_AndTheRerunClearsOnlyTmp()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 6, docsPerShard: 2000, wordsPerDoc: 150);
        string outDir = _dir.File("out");
        string stages = "  - type: write_documents\n  - type: write_documents\n    name: parquet_copy\n    format: parquet\n  - type: tokenize\n    tokenizer: gpt2\n";
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir, stages);
        var finals = new Regex(@"^(shard-\d{5}\.(jsonl\.gz|parquet|arrow)|manifest\.json)$");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (var run = CliProcess.Start(_dir.Path, "run", pipeline, "--workers", "2"))
        {
            try
            {
                var watch = Stopwatch.StartNew();
                while (!run.HasExited && Markers(outDir) < 4 && watch.Elapsed < TimeSpan.FromMinutes(3))
                {
                    foreach (var folder in new[] { "documents", "tokens" })
                        if (Directory.Exists(Path.Combine(outDir, folder)))
                            seen.UnionWith(Directory.EnumerateFiles(Path.Combine(outDir, folder)).Select(Path.GetFileName)!);
                    Thread.Sleep(5);
                }
                Assert.False(run.HasExited, "the build finished before it could be killed; make the input larger");
                run.Kill();
                run.WaitForExit();
            }
            finally
            {
                if (!run.HasExited) run.Kill(entireProcessTree: true);
            }
        }
        Assert.NotEmpty(seen);
        Assert.All(seen, name => Assert.Matches(finals, name));
        string temporaries = Path.Combine(outDir, ".tmp") + Path.DirectorySeparatorChar;
        Assert.DoesNotContain(Directory.EnumerateFiles(outDir, "*.tmp-*", SearchOption.AllDirectories), f => !f.StartsWith(temporaries, StringComparison.Ordinal));

        // A stray file of the user's beside the outputs is not a temporary: the rerun's clean-up keeps it.
        File.WriteAllText(Path.Combine(outDir, "documents", "notes.tmp-by-hand"), "mine");
        var rerun = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.True(File.Exists(Path.Combine(outDir, "documents", "notes.tmp-by-hand")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(outDir, ".tmp")));
        Assert.All(Directory.EnumerateFiles(Path.Combine(outDir, "tokens")).Select(Path.GetFileName), name => Assert.Matches(finals, name!));
    }

    private sealed record Row(int Tasks, int Done, int Running, int Failed, int Pending, int Stale);

    private static Row PhaseRow(string statusOutput, string phase)
    {
        var m = Regex.Match(statusOutput, $@"{Regex.Escape(phase)}\s*│\s*\w+\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*(\d+)");
        Assert.True(m.Success, statusOutput);
        int G(int i) => int.Parse(m.Groups[i].Value);
        return new Row(G(1), G(2), G(3), G(4), G(5), G(6));
    }

    private static int Markers(string build) =>
        Directory.Exists(Path.Combine(build, "done")) ? Directory.EnumerateFiles(Path.Combine(build, "done"), "*.done", SearchOption.AllDirectories).Count() : 0;

    private const int SigStop = 19, SigCont = 18;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>Stops the build at a moment a task is recorded running and not yet marked done (between two tasks
    /// none is, and a task that just wrote its marker still holds its record for a moment: go on a little).</summary>
    private static void FreezeWithATaskRunning(Process build, string outDir)
    {
        string tasks = Path.Combine(outDir, "tasks", "pass-1");
        string done = Path.Combine(outDir, "done", "pass-1");
        for (int attempt = 0; attempt < 500; attempt++)
        {
            Assert.False(build.HasExited, "the build ended before the test could look at it; make the input larger");
            Assert.Equal(0, kill(build.Id, SigStop));
            if (Directory.Exists(tasks) && Directory.EnumerateFiles(tasks, "*.running")
                    .Any(f => !File.Exists(Path.Combine(done, Path.GetFileNameWithoutExtension(f) + ".done")))) return;
            Assert.Equal(0, kill(build.Id, SigCont));
            Thread.Sleep(5);
        }
        Assert.Fail("no task was ever recorded running");
    }

    private static void WaitFor(Func<bool> condition, Process process)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, "the build ended before the test could look at it; make the input larger");
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), "the build did not get there in 3 minutes");
            Thread.Sleep(10);
        }
    }
}
