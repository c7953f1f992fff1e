using System.Text.Json.Nodes;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>
/// A build that reads a big plain WARC and a big plain WET as several ranges writes what the build reading each whole
/// writes: the same documents in the same order with the same ids (generated ones too), the same tokens, report,
/// quarantine and rejected samples, with 1 worker or 4.
/// </summary>
public sealed class WarcSplitBuildTests : IDisposable
{
    private const string Stages = "  - type: exact_dedup\n  - type: fuzzy_dedup\n  - type: length\n    min_chars: 600\n  - type: write_documents\n  - type: tokenize\n    tokenizer: gpt2\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Build(string name, string splitBytes, int workers)
    {
        string outDir = _dir.File(name);
        string pipeline = _dir.File($"{name}.yaml");
        File.WriteAllText(pipeline,
            $"name: warc-split\ninputs:\n  - path: {_dir.File("in/big.warc")}\n    split_bytes: {splitBytes}\n" +
            $"  - path: {_dir.File("in/big.wet")}\n    split_bytes: {splitBytes}\nout: {outDir}\nrejected_samples: 50\nstages:\n{Stages}");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
        return outDir;
    }

    private static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    [Fact]
    public void Split_warc_and_wet_build_what_whole_ones_build_with_one_worker_or_four()
    {
        SplitWarcCorpus.Warc(_dir.File("in/big.warc"), 160, seed: 11, damage: true);
        SplitWarcCorpus.Wet(_dir.File("in/big.wet"), 200, seed: 12, lfOnly: true);
        string whole = Build("whole", "off", workers: 1);
        Assert.Equal(2, Json(Path.Combine(whole, "plan.json"))["shards"]!.AsArray().Count);

        var documents = SplitBuildTests.Documents(whole);
        var tokens = SplitBuildTests.Tokens(whole);
        var report = SplitBuildTests.Report(whole);
        var quarantine = SplitBuildTests.Quarantine(whole);
        var rejected = SplitBuildTests.Rejected(whole);
        // The corpus exercises what it should: generated ids from both files, damage quarantined, drops by both dedups.
        Assert.Contains(documents, d => d.Contains("\"big.warc:", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Contains("\"big.wet:", StringComparison.Ordinal));
        Assert.Equal(2, quarantine.Count);
        Assert.NotEmpty(rejected);
        Assert.Contains(report, l => l.StartsWith("exact_dedup", StringComparison.Ordinal) && !l.EndsWith("drops={}", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("fuzzy_dedup", StringComparison.Ordinal) && !l.EndsWith("drops={}", StringComparison.Ordinal));

        foreach (int workers in new[] { 1, 4 })
        {
            string split = Build($"split-{workers}", "24KiB", workers);
            var shards = Json(Path.Combine(split, "plan.json"))["shards"]!.AsArray();
            int warcRanges = shards.Count(s => s!["format"]!.ToString() == "warc"), wetRanges = shards.Count(s => s!["format"]!.ToString() == "wet");
            Assert.True(warcRanges >= 3 && wetRanges >= 3, $"{warcRanges} WARC ranges, {wetRanges} WET ranges");

            Assert.Equal(documents, SplitBuildTests.Documents(split));
            Assert.Equal(tokens, SplitBuildTests.Tokens(split));
            Assert.Equal(report, SplitBuildTests.Report(split));
            Assert.Equal(quarantine, SplitBuildTests.Quarantine(split));
            Assert.Equal(rejected, SplitBuildTests.Rejected(split));
        }
    }
}
