using System.Diagnostics;
using System.Text.Json.Nodes;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>End-to-end builds through the real CLI: determinism, resume after SIGKILL, SIGTERM, quarantine.</summary>
public sealed class LocalBuildTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void OneAndFourWorkersGiveByteIdenticalOutputs()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 6, docsPerShard: 300);
        var hashes = new List<SortedDictionary<string, string>>();
        foreach (int workers in new[] { 1, 4 })
        {
            string outDir = _dir.File($"out-{workers}");
            string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir,
                "  - type: write_documents\n  - type: write_documents\n    name: parquet_copy\n    format: parquet\n");
            var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
            Assert.True(result.ExitCode == 0, result.All);
            hashes.Add(CorpusFiles.Hashes(Path.Combine(outDir, "documents")));
        }
        Assert.Equal(12, hashes[0].Count); // 6 shards × (jsonl.gz + parquet)
        Assert.Equal(hashes[0], hashes[1]);
    }

    [Fact]
    public void ReportCountsEveryRecordAndQuarantinesBadLines()
    {
        Directory.CreateDirectory(_dir.File("in"));
        File.WriteAllText(_dir.File("in/a.jsonl"), "{\"id\":\"a1\",\"text\":\"one\"}\nnot json at all\n{\"id\":\"a2\",\"text\":\"two\"}\n{\"text\":5}\n\n{\"id\":\"a3\",\"text\":\"three\"}\n");
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl"), outDir);
        var result = CliProcess.Run(_dir.Path, "run", pipeline);
        Assert.True(result.ExitCode == 0, result.All);

        var docs = CorpusFiles.ReadJsonlGz(Path.Combine(outDir, "documents/shard-00000.jsonl.gz"));
        Assert.Equal(3, docs.Count);
        Assert.Equal(["a1", "a2", "a3"], docs.Select(d => JsonNode.Parse(d)!["id"]!.ToString()));

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
        Assert.Equal(5, report["inputs"]!["reader"]!["records"]!.GetValue<long>());
        Assert.Equal(3, report["inputs"]!["reader"]!["documents"]!.GetValue<long>());
        Assert.Equal(2, report["inputs"]!["reader"]!["quarantined"]!.GetValue<long>());

        var quarantine = File.ReadAllLines(Path.Combine(outDir, "quarantine/shard-00000.jsonl"));
        Assert.Equal(2, quarantine.Length);
        var first = JsonNode.Parse(quarantine[0])!;
        Assert.Equal(25, first["offset"]!.GetValue<long>()); // byte offset of "not json at all"
        Assert.Contains("not valid JSON", first["error"]!.ToString());
        Assert.Equal("not json at all", File.ReadAllText(Path.Combine(outDir, "quarantine", first["sample"]!.ToString())));
        Assert.Contains("no string field 'text'", JsonNode.Parse(quarantine[1])!["error"]!.ToString());
        Assert.Contains("quarantined", result.StdErr);
    }

    [Fact]
    public void MissingShardInAPathsFileIsQuarantinedAndReported()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 2, docsPerShard: 10);
        File.WriteAllText(_dir.File("in/list.paths"), "part-000.jsonl.gz\npart-404.jsonl.gz\npart-001.jsonl.gz\n");
        File.WriteAllText(_dir.File("p.yaml"), $"inputs:\n  - paths_file: {_dir.File("in/list.paths")}\nout: {_dir.File("out")}\nmax_missing_fraction: 0.34\nstages:\n  - write_documents\n");
        var result = CliProcess.Run(_dir.Path, "run", _dir.File("p.yaml"));
        Assert.True(result.ExitCode == 0, result.All);
        var report = JsonNode.Parse(File.ReadAllText(_dir.File("out/report.json")))!;
        Assert.Equal(3, report["inputs"]!["shards"]!.GetValue<int>());
        Assert.Equal(_dir.File("in/part-404.jsonl.gz"), Assert.Single(report["inputs"]!["missing"]!.AsArray())!.ToString());
        Assert.Equal(20, report["totals"]!["docs_kept"]!.GetValue<long>());
        Assert.True(File.Exists(_dir.File("out/documents/shard-00002.jsonl.gz")));
    }

    [Fact]
    public void KilledBuildResumesToByteIdenticalOutputsAndNeverShowsPartialFiles()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 10, docsPerShard: 4000, wordsPerDoc: 150);
        string input = _dir.File("in/*.jsonl.gz");
        string stages = "  - type: write_documents\n  - type: write_documents\n    name: parquet_copy\n    format: parquet\n";

        string clean = _dir.File("clean");
        var first = CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, input, clean, stages), "--workers", "2");
        Assert.True(first.ExitCode == 0, first.All);
        var expected = CorpusFiles.Hashes(Path.Combine(clean, "documents"));

        string killed = _dir.File("killed");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, input, killed, stages);
        int kills = 0;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var process = CliProcess.Start(_dir.Path, "run", pipeline, "--workers", "2");
            // Kill after a different number of completed tasks each time, checking every visible output as it appears.
            int killAfter = 2 + attempt * 3;
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                AssertNoPartialOutputs(Path.Combine(killed, "documents"));
                if (CountMarkers(killed) >= killAfter) { process.Kill(); kills++; break; }
                Thread.Sleep(20);
            }
            process.WaitForExit();
        }
        Assert.True(kills >= 1, "the build finished before any kill; make the input larger");

        var resumed = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Equal(expected, CorpusFiles.Hashes(Path.Combine(killed, "documents")));
        Assert.Empty(Directory.EnumerateFiles(killed, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void SigtermStopsWithNonZeroExitAndTheRerunCompletes()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 8, docsPerShard: 4000, wordsPerDoc: 150);
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("out"));
        using var process = CliProcess.Start(_dir.Path, "run", pipeline, "--workers", "1");
        var watch = Stopwatch.StartNew();
        while (CountMarkers(_dir.File("out")) < 1 && !process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(10);
        Assert.False(process.HasExited, "the build finished before SIGTERM could be sent");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) kill.WaitForExit();
        Assert.True(process.WaitForExit(60_000));
        string stderr = process.StandardError.ReadToEnd();
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("resume", stderr);
        Assert.Empty(Directory.EnumerateFiles(_dir.File("out"), "*.tmp-*", SearchOption.AllDirectories));
        int done = CountMarkers(_dir.File("out"));
        Assert.InRange(done, 1, 7);

        var rerun = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "1");
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Contains("resuming", rerun.All);
        Assert.Equal(8, Directory.GetFiles(_dir.File("out/documents")).Length);
    }

    [Fact]
    public void ChangedConfigurationIsRefusedUnlessForced()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 1, docsPerShard: 5);
        string outDir = _dir.File("out");
        Assert.Equal(0, CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir)).ExitCode);
        string changed = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir, "  - type: write_documents\n    format: parquet\n");
        var refused = CliProcess.Run(_dir.Path, "run", changed);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("different configuration", refused.All);
        var forced = CliProcess.Run(_dir.Path, "run", changed, "--force");
        Assert.True(forced.ExitCode == 0, forced.All);
        Assert.True(File.Exists(Path.Combine(outDir, "documents/shard-00000.parquet")));
        Assert.False(File.Exists(Path.Combine(outDir, "documents/shard-00000.jsonl.gz")));
    }

    [Fact]
    public void StatusShowsDoneTasksPerPhase()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 3, docsPerShard: 5);
        Assert.Equal(0, CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("out"))).ExitCode);
        File.Delete(_dir.File("out/done/pass-1/00001.done"));
        var status = CliProcess.Run(_dir.Path, "status", _dir.File("out"));
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"pass-1\s*│\s*pass\s*│\s*3\s*│\s*2\s*│\s*0\s*│\s*0\s*│\s*1\s*│\s*0", status.StdOut); // done, running, failed, pending, stale
        Assert.Contains("incomplete", status.StdOut);
    }

    private static int CountMarkers(string build) =>
        Directory.Exists(Path.Combine(build, "done")) ? Directory.EnumerateFiles(Path.Combine(build, "done"), "*.done", SearchOption.AllDirectories).Count() : 0;

    /// <summary>Every output visible under its final name must be complete: a gzip that inflates to its end, a Parquet file with its footer.</summary>
    private static void AssertNoPartialOutputs(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (file.Contains(".tmp-")) continue;
            byte[] bytes;
            try { bytes = File.ReadAllBytes(file); }
            catch (FileNotFoundException) { continue; }
            if (file.EndsWith(".gz"))
            {
                using var gz = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
                gz.CopyTo(Stream.Null); // throws on a truncated member
            }
            else if (file.EndsWith(".parquet"))
            {
                Assert.True(bytes.Length >= 8 && bytes.AsSpan(bytes.Length - 4).SequenceEqual("PAR1"u8), $"{file} has no Parquet footer");
            }
        }
    }
}
