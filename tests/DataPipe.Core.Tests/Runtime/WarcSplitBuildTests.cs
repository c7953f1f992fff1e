using System.Text.Json.Nodes;
using DataPipe.Core.Formats.TokenShards;

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

    private static List<string> Documents(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "documents"), "shard-*.jsonl.gz").Order(StringComparer.Ordinal)
            .SelectMany(CorpusFiles.ReadJsonlGz).ToList();

    private static List<string> Tokens(string outDir)
    {
        var rows = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(outDir, "tokens"), "shard-*.arrow").Order(StringComparer.Ordinal))
        {
            using var reader = new TokenShardReader(file);
            rows.AddRange(reader.Rows().Select(r => r.Id + ":" + string.Join(',', r.Tokens)));
        }
        return rows;
    }

    private static List<string> Report(string outDir)
    {
        var report = Json(Path.Combine(outDir, "report.json"));
        var lines = new List<string>();
        foreach (var stage in report["stages"]!.AsArray())
            lines.Add($"{stage!["name"]} in={stage["docs_in"]}/{stage["bytes_in"]} out={stage["docs_out"]}/{stage["bytes_out"]} drops={stage["drops"]!.ToJsonString()}");
        var totals = report["totals"]!;
        lines.Add($"totals read={totals["docs_read"]}/{totals["bytes_read"]} kept={totals["docs_kept"]}/{totals["bytes_kept"]}");
        lines.Add("reader " + report["inputs"]!["reader"]!.ToJsonString());
        var manifest = Json(Path.Combine(outDir, "tokens", "manifest.json"));
        lines.Add($"tokens rows={manifest["rows"]} tokens={manifest["tokens"]}");
        return lines;
    }

    /// <summary>Rejected samples without their task index (<c>shard</c>, the range's), ordinals kept: they are the file's.</summary>
    private static List<string> Rejected(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "rejected"), "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Select(l =>
            {
                var sample = JsonNode.Parse(l)!.AsObject();
                sample.Remove("shard");
                return sample.ToJsonString();
            }).ToList();

    private static List<string> Quarantine(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "quarantine"), "shard-*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Select(l =>
            {
                var entry = JsonNode.Parse(l)!;
                return $"{entry["file"]}@{entry["offset"]}: {entry["error"]}";
            }).ToList();

    [Fact]
    public void Split_warc_and_wet_build_what_whole_ones_build_with_one_worker_or_four()
    {
        SplitWarcCorpus.Warc(_dir.File("in/big.warc"), 160, seed: 11, damage: true);
        SplitWarcCorpus.Wet(_dir.File("in/big.wet"), 200, seed: 12, lfOnly: true);
        string whole = Build("whole", "off", workers: 1);
        Assert.Equal(2, Json(Path.Combine(whole, "plan.json"))["shards"]!.AsArray().Count);

        var documents = Documents(whole);
        var tokens = Tokens(whole);
        var report = Report(whole);
        var quarantine = Quarantine(whole);
        var rejected = Rejected(whole);
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

            Assert.Equal(documents, Documents(split));
            Assert.Equal(tokens, Tokens(split));
            Assert.Equal(report, Report(split));
            Assert.Equal(quarantine, Quarantine(split));
            Assert.Equal(rejected, Rejected(split));
        }
    }
}
