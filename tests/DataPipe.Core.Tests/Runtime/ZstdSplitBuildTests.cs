using System.Text.Json.Nodes;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>
/// A build that reads a multi-frame .jsonl.zst as several ranges writes what the build reading it whole writes: the
/// same documents in the same order with the same ids, the same tokens, report and quarantine, with 1 worker or 4.
/// </summary>
public sealed class ZstdSplitBuildTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private long WriteInput()
    {
        string plain = _dir.File("plain/big.jsonl");
        SplitCorpus.WriteJsonl(plain, 300, seed: 5);
        byte[] data = File.ReadAllBytes(plain);
        // Frames cut at fixed sizes, as pzstd cuts: most end mid-line.
        string path = _dir.File("in/big.jsonl.zst");
        ZstdFrames.Write(path, data, Enumerable.Range(1, 15).Select(i => data.Length * i / 16), checksum: true, 4);
        return new FileInfo(path).Length;
    }

    private string Build(string name, string splitBytes, int workers)
    {
        string outDir = _dir.File(name);
        string pipeline = _dir.File($"{name}.yaml");
        File.WriteAllText(pipeline, $"name: zsplit\ninputs:\n  - path: {_dir.File("in/big.jsonl.zst")}\n    split_bytes: {splitBytes}\n" +
            $"out: {outDir}\nstages:\n{SplitBuildTests.Stages}");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
        return outDir;
    }

    private static JsonArray Shards(string outDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "plan.json")))!["shards"]!.AsArray();

    [Fact]
    public void A_split_zstd_file_builds_what_the_whole_file_builds_with_one_worker_or_four()
    {
        long compressed = WriteInput();
        string whole = Build("whole", "off", workers: 1);
        var wholeShard = Assert.Single(Shards(whole))!.AsObject();
        Assert.False(wholeShard.ContainsKey("decoded"), "a file read whole has no decoded range in plan.json");

        var documents = SplitBuildTests.Documents(whole);
        var tokens = SplitBuildTests.Tokens(whole);
        var report = SplitBuildTests.Report(whole);
        var quarantine = SplitBuildTests.Quarantine(whole);
        var rejected = SplitBuildTests.Rejected(whole);
        Assert.Contains(documents, d => d.Contains("\"big.jsonl.zst:", StringComparison.Ordinal));
        Assert.Contains(quarantine, q => q.Contains("not valid JSON", StringComparison.Ordinal));

        foreach (int workers in new[] { 1, 4 })
        {
            string split = Build($"split-{workers}", (compressed / 4).ToString(), workers);
            var shards = Shards(split);
            Assert.True(shards.Count >= 3, $"{shards.Count} ranges");
            Assert.All(shards, s => Assert.NotNull(s!["decoded"]));
            Assert.Contains(shards, s => (long)s!["decoded"]!["skip"]! > 0);

            Assert.Equal(documents, SplitBuildTests.Documents(split));
            Assert.Equal(tokens, SplitBuildTests.Tokens(split));
            Assert.Equal(report, SplitBuildTests.Report(split));
            Assert.Equal(quarantine, SplitBuildTests.Quarantine(split));
            Assert.Equal(rejected, SplitBuildTests.Rejected(split));
        }
    }
}
