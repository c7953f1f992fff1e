using System.Diagnostics;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Faults;

/// <summary>SIGKILL at seeded random moments, rerun after each: the final outputs equal a clean build's, byte for byte,
/// and no partial file is ever visible under a final name.</summary>
public sealed class KillResumeTests : IDisposable
{
    private const string Stages = "  - type: write_documents\n  - type: write_documents\n    name: parquet_copy\n    format: parquet\n";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TwelveSeededKillsThenResumeGiveTheCleanBuildsBytes()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 8, docsPerShard: 1500, wordsPerDoc: 100);
        KillsThenResumeGiveTheCleanBuildsBytes(_dir.File("in/*.jsonl.gz"), kills: 12);
    }

    /// <summary>One plain JSONL file read as about ten ranges (split_bytes): a killed range task reruns from its start.</summary>
    [Fact]
    public void SeededKillsOfASplitInputThenResumeGiveTheCleanBuildsBytes()
    {
        var shards = CorpusFiles.WriteJsonlShards(_dir.File("gz"), shards: 8, docsPerShard: 1500, wordsPerDoc: 100);
        Directory.CreateDirectory(_dir.File("in"));
        File.WriteAllLines(_dir.File("in/big.jsonl"), shards.SelectMany(CorpusFiles.ReadJsonlGz));
        long splitBytes = new FileInfo(_dir.File("in/big.jsonl")).Length / 10 + 1;
        KillsThenResumeGiveTheCleanBuildsBytes(_dir.File("in/big.jsonl") + $"\n    split_bytes: {splitBytes}", kills: 6);
        var plan = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(_dir.File("clean/plan.json")))!;
        Assert.Equal(10, plan["shards"]!.AsArray().Count);
    }

    /// <param name="input">The input's <c>path:</c> value, and any further keys of its entry.</param>
    private void KillsThenResumeGiveTheCleanBuildsBytes(string input, int kills)
    {
        var clock = Stopwatch.StartNew();
        var clean = CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, input, _dir.File("clean"), Stages), "--workers", "2");
        Assert.True(clean.ExitCode == 0, clean.All);
        var cleanDuration = clock.Elapsed;
        var expected = CorpusFiles.Hashes(_dir.File("clean/documents"));

        var random = new Random(8);
        int killed = 0, builds = 0;
        string build = "";
        bool finished = true;
        var markersAtKill = new List<int>();
        while (killed < kills)
        {
            if (finished)
            {
                build = _dir.File($"killed-{builds++}");
                finished = false;
            }
            string pipeline = CorpusFiles.WritePipeline(_dir.Path, input, build, Stages);
            // Kill anywhere in the work that is left (the reruns skip finished tasks). The clock starts when the build
            // starts its tasks: counted from process start, a loaded machine's slow start-up can swallow every kill
            // delay, and then no rerun ever gets further than the last.
            var killAt = TimeSpan.FromMilliseconds(random.NextDouble() * cleanDuration.TotalMilliseconds * 0.8);
            using var process = CliProcess.Start(_dir.Path, "run", pipeline, "--workers", "2");
            using var working = new ManualResetEventSlim();
            DataReceivedEventHandler watchLog = (_, e) => { if (e.Data?.Contains("tasks to run", StringComparison.Ordinal) == true) working.Set(); };
            process.OutputDataReceived += watchLog;
            process.ErrorDataReceived += watchLog;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            while (!process.HasExited && !working.Wait(5)) BuildOutputs.AssertNoPartialOutputs(build);
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < killAt)
            {
                BuildOutputs.AssertNoPartialOutputs(build);
                Thread.Sleep(15);
            }
            bool wasKilled = !process.HasExited;
            if (wasKilled)
            {
                process.Kill(); // SIGKILL
                killed++;
                markersAtKill.Add(BuildOutputs.Markers(build));
            }
            process.WaitForExit();
            BuildOutputs.AssertNoPartialOutputs(build);
            if (!wasKilled)
            {
                Assert.Equal(0, process.ExitCode);
                Assert.Equal(expected, CorpusFiles.Hashes(Path.Combine(build, "documents")));
                finished = true;
            }
        }

        var resumed = CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, input, build, Stages), "--workers", "2");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Equal(expected, CorpusFiles.Hashes(Path.Combine(build, "documents")));
        Assert.Empty(Directory.EnumerateFiles(build, "*.tmp-*", SearchOption.AllDirectories));
        // The kills landed in different places: before any task, between tasks, and late in the build.
        Assert.True(markersAtKill.Distinct().Count() >= 3, $"markers at each kill: {string.Join(",", markersAtKill)}");
    }
}
