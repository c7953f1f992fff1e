using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Dedup;

/// <summary>End-to-end dedup through the real CLI: planted duplicates across shards, determinism, incremental builds.</summary>
public sealed class DedupBuildTests : IDisposable
{
    private const string Stages = "  - type: exact_dedup\n  - type: fuzzy_dedup\n  - type: write_documents\n";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>4 shards × 40 unique docs; shard 2 holds 3 exact copies (case/space changes) of s0-d5 and 1 of s1-d3;
    /// shard 3 holds 4 near copies (2 words changed) of s1-d7. Returns the ids expected to be dropped.</summary>
    private static (HashSet<string> Exact, HashSet<string> Near) WriteCorpus(string directory, int firstShard = 0, int shards = 4, int seed = 7)
    {
        var random = new Random(seed);
        var texts = new Dictionary<string, string[]>();
        var exact = new HashSet<string>();
        var near = new HashSet<string>();
        for (int s = firstShard; s < firstShard + shards; s++)
        {
            var docs = new List<(string, string)>();
            for (int d = 0; d < 40; d++)
            {
                var words = NearDuplicateCorpus.Words(random, 120 + random.Next(80));
                texts[$"s{s}-d{d}"] = words;
                docs.Add(($"s{s}-d{d}", string.Join(' ', words)));
            }
            if (s == 2 && texts.ContainsKey("s0-d5") && texts.ContainsKey("s1-d3"))
            {
                for (int k = 0; k < 3; k++) { docs.Add(($"exact-{k}", "  " + string.Join(k == 1 ? "\n " : " ", texts["s0-d5"]).ToUpperInvariant())); exact.Add($"exact-{k}"); }
                docs.Add(("exact-3", string.Join("\t", texts["s1-d3"]))); exact.Add("exact-3");
            }
            if (s == 3 && texts.ContainsKey("s1-d7"))
                for (int k = 0; k < 4; k++) { docs.Add(($"near-{k}", string.Join(' ', NearDuplicateCorpus.Edit(random, texts["s1-d7"], 2)))); near.Add($"near-{k}"); }
            NearDuplicateCorpus.WriteJsonl(Path.Combine(directory, $"part-{s:D3}.jsonl"), docs);
        }
        return (exact, near);
    }

    private CliResult Run(string outDir, string input, string stages = Stages, int workers = 2, string extra = "")
    {
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, input, outDir, stages, extra);
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
        return result;
    }

    private static List<string> KeptIds(string outDir) =>
        Directory.EnumerateFiles(Path.Combine(outDir, "documents"), "*.jsonl.gz").Order(StringComparer.Ordinal)
            .SelectMany(CorpusFiles.ReadJsonlGz).Select(l => JsonNode.Parse(l)!["id"]!.ToString()).ToList();

    [Fact]
    public void PlantedDuplicatesAcrossShardsAreDroppedAndTheSmallestPositionIsKept()
    {
        var (exact, near) = WriteCorpus(_dir.File("in"));
        string outDir = _dir.File("out");
        Run(outDir, _dir.File("in/*.jsonl"));

        var kept = KeptIds(outDir);
        Assert.Equal(4 * 40, kept.Count);
        Assert.Empty(kept.Intersect(exact));
        Assert.Empty(kept.Intersect(near));
        Assert.Contains("s0-d5", kept);
        Assert.Contains("s1-d7", kept);

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
        Assert.Equal(4, report["dedup.exact_dedup"]!["dropped"]!.GetValue<long>());
        Assert.Equal(2, report["dedup.exact_dedup"]!["groups"]!.GetValue<long>());
        Assert.Equal(4, report["dedup.exact_dedup"]!["largest_group"]!.GetValue<long>());
        Assert.Equal(4, report["dedup.fuzzy_dedup"]!["dropped"]!.GetValue<long>());
        Assert.Equal(5, report["dedup.fuzzy_dedup"]!["largest_group"]!.GetValue<long>());

        var audit = File.ReadAllLines(Path.Combine(outDir, "dedup/fuzzy_dedup.audit.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["near-0", "near-1", "near-2", "near-3"], audit.Select(a => a["id"]!.ToString()));
        Assert.All(audit, a => Assert.Equal("s1-d7", a["keeper"]!.ToString()));
        Assert.All(audit, a => Assert.InRange(a["similarity"]!.GetValue<double>(), 0.8, 1.0));
        var exactAudit = File.ReadAllLines(Path.Combine(outDir, "dedup/exact_dedup.audit.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["s0-d5", "s0-d5", "s0-d5", "s1-d3"], exactAudit.Select(a => a["keeper"]!.ToString()));
    }

    [Fact]
    public void OneAndFourWorkersAndAnyPartitionCountGiveByteIdenticalOutputs()
    {
        WriteCorpus(_dir.File("in"));
        var hashes = new List<SortedDictionary<string, string>>();
        foreach (var (workers, partitions) in new[] { (1, 0), (4, 0), (4, 3) })
        {
            string outDir = _dir.File($"out-{workers}-{partitions}");
            string stages = partitions == 0 ? Stages
                : $"  - type: exact_dedup\n    partitions: {partitions}\n  - type: fuzzy_dedup\n    partitions: {partitions}\n  - type: write_documents\n";
            Run(outDir, _dir.File("in/*.jsonl"), stages, workers);
            var h = CorpusFiles.Hashes(Path.Combine(outDir, "documents"));
            foreach (var (k, v) in CorpusFiles.Hashes(Path.Combine(outDir, "dedup"))) h["dedup/" + k] = v;
            hashes.Add(h);
        }
        Assert.Equal(6, hashes[0].Count);
        Assert.Equal(hashes[0], hashes[1]);
        Assert.Equal(hashes[0], hashes[2]);
    }

    [Fact]
    public void SecondBuildDropsWhatTheFirstBuildKept()
    {
        WriteCorpus(_dir.File("day1"), firstShard: 0, shards: 4);
        string stages = "  - type: exact_dedup\n    incremental: true\n  - type: write_documents\n";
        Run(_dir.File("out1"), _dir.File("day1/*.jsonl"), stages);
        int day1 = KeptIds(_dir.File("out1")).Count;
        Assert.Equal(164, day1); // the near copies are not exact duplicates

        // Day 2: shards 2–3 again (already kept on day 1) plus one new shard.
        Directory.CreateDirectory(_dir.File("day2"));
        foreach (var s in new[] { 2, 3 }) File.Copy(_dir.File($"day1/part-{s:D3}.jsonl"), _dir.File($"day2/part-{s:D3}.jsonl"));
        WriteCorpus(_dir.File("new"), firstShard: 9, shards: 1, seed: 99);
        File.Copy(_dir.File("new/part-009.jsonl"), _dir.File("day2/part-009.jsonl"));
        Run(_dir.File("out2"), _dir.File("day2/*.jsonl"), stages);

        var kept2 = KeptIds(_dir.File("out2"));
        Assert.Equal(40, kept2.Count);
        Assert.All(kept2, id => Assert.StartsWith("s9-", id));
        var report = JsonNode.Parse(File.ReadAllText(_dir.File("out2/report.json")))!;
        Assert.Equal(2 * 40 + 4 + 4, report["dedup.exact_dedup"]!["dropped_seen_in_earlier_build"]!.GetValue<long>());
        Assert.Equal("gen-000002", File.ReadAllText(_dir.File("state/exact_dedup/CURRENT")).Trim());

        var stats = CliProcess.Run(_dir.Path, "state", "stats");
        Assert.True(stats.ExitCode == 0, stats.All);
        Assert.Contains("exact_dedup: 204 keys", stats.StdOut); // 164 texts kept on day 1 + 40 new on day 2
        var compact = CliProcess.Run(_dir.Path, "state", "compact");
        Assert.Contains("removed 1 old generations", compact.StdOut);
        Assert.False(Directory.Exists(_dir.File("state/exact_dedup/gen-000001")));
    }

    [Fact]
    public void BuildThatDiesBeforePublishingLeavesTheIndexAsItWasAndTheRerunMatches()
    {
        WriteCorpus(_dir.File("day1"), firstShard: 0, shards: 4);
        WriteCorpus(_dir.File("day2"), firstShard: 2, shards: 4);
        string stages = "  - type: exact_dedup\n    incremental: true\n  - type: write_documents\n";
        Run(_dir.File("out1"), _dir.File("day1/*.jsonl"), stages);
        CopyDirectory(_dir.File("state"), _dir.File("state-day1"));

        Run(_dir.File("crashed"), _dir.File("day2/*.jsonl"), stages);
        var expectedDocs = CorpusFiles.Hashes(_dir.File("crashed/documents"));
        var expectedIndex = CorpusFiles.Hashes(_dir.File("state/exact_dedup/gen-000002"));

        // The same build dies after resolve, half-way through publishing: the index is day 1's, plus a partial
        // generation folder that CURRENT does not name; the last pass and finalize never completed.
        Directory.Delete(_dir.File("state"), recursive: true);
        CopyDirectory(_dir.File("state-day1"), _dir.File("state"));
        Directory.Delete(_dir.File("crashed/done/finalize"), recursive: true);
        Directory.Delete(_dir.File("crashed/done/pass-2"), recursive: true);
        Directory.Delete(_dir.File("crashed/documents"), recursive: true);
        Directory.CreateDirectory(_dir.File("state/exact_dedup/gen-000002"));
        File.WriteAllText(_dir.File("state/exact_dedup/gen-000002/part-00000.bin"), "half");
        Assert.Equal("gen-000001", File.ReadAllText(_dir.File("state/exact_dedup/CURRENT")).Trim());

        Run(_dir.File("crashed"), _dir.File("day2/*.jsonl"), stages);
        Assert.Equal(expectedDocs, CorpusFiles.Hashes(_dir.File("crashed/documents")));
        Assert.Equal(expectedIndex, CorpusFiles.Hashes(_dir.File("state/exact_dedup/gen-000002")));
        Assert.Equal("gen-000002", File.ReadAllText(_dir.File("state/exact_dedup/CURRENT")).Trim());
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
