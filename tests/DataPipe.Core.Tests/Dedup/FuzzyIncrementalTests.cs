using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Dedup;

/// <summary>Incremental fuzzy dedup through the real CLI: day 2 drops near copies of day-1 keepers, and a day 2 that
/// dies before publishing leaves the index as day 1 left it.</summary>
public sealed class FuzzyIncrementalTests : IDisposable
{
    private const string Stages = "  - type: fuzzy_dedup\n    incremental: true\n  - type: write_documents\n";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Day 1: shards 0–3, 40 unique documents each, plus one in-build near copy of s0-d0 in shard 1. Day 2:
    /// shards 0–1 (new files) with 40 new documents each, plus 1-word edits of six day-1 keepers (not exact copies)
    /// and one edit of the day-1 in-build duplicate (which day 1 did not keep, but its keeper it is close to).
    /// Returns the day-2 ids that must be dropped, with the day-1 keeper each one copies.</summary>
    private Dictionary<string, string> WriteDays()
    {
        var random = new Random(11);
        var day1 = new Dictionary<string, string[]>();
        for (int s = 0; s < 4; s++)
        {
            var docs = new List<(string, string)>();
            for (int d = 0; d < 40; d++)
            {
                var words = NearDuplicateCorpus.Words(random, 150 + random.Next(80));
                day1[$"s{s}-d{d}"] = words;
                docs.Add(($"s{s}-d{d}", string.Join(' ', words)));
            }
            if (s == 1) docs.Add(("day1-near", string.Join(' ', NearDuplicateCorpus.Edit(random, day1["s0-d0"], 1))));
            NearDuplicateCorpus.WriteJsonl(_dir.File($"day1/part-{s:D3}.jsonl"), docs);
        }

        var expected = new Dictionary<string, string>();
        var sources = new[] { "s0-d3", "s1-d17", "s2-d0", "s2-d39", "s3-d8", "s3-d21" };
        for (int s = 0; s < 2; s++)
        {
            var docs = new List<(string, string)>();
            for (int d = 0; d < 40; d++) docs.Add(($"new-s{s}-d{d}", string.Join(' ', NearDuplicateCorpus.Words(random, 150 + random.Next(80)))));
            for (int k = s; k < sources.Length; k += 2)
            {
                var copy = NearDuplicateCorpus.Edit(random, day1[sources[k]], 1);
                Assert.True(NearDuplicateCorpus.Jaccard(copy, day1[sources[k]]) >= 0.88); // well above 0.8, and LSH finds J ≥ 0.88 with P > 0.999
                // Inserted mid-shard so drops are not all at the end.
                docs.Insert(10 + 5 * k, ($"near-{sources[k]}", string.Join(' ', copy)));
                expected[$"near-{sources[k]}"] = sources[k];
            }
            if (s == 1)
            {
                docs.Add(("near-s0-d0", string.Join(' ', NearDuplicateCorpus.Edit(random, day1["s0-d0"], 1))));
                expected["near-s0-d0"] = "s0-d0";
            }
            NearDuplicateCorpus.WriteJsonl(_dir.File($"day2/part-{s:D3}.jsonl"), docs);
        }
        return expected;
    }

    private void Run(string outDir, string input, int workers = 2, string stages = Stages)
    {
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, input, outDir, stages);
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
    }

    private static List<string> KeptIds(string outDir) =>
        Directory.EnumerateFiles(Path.Combine(outDir, "documents"), "*.jsonl.gz").Order(StringComparer.Ordinal)
            .SelectMany(CorpusFiles.ReadJsonlGz).Select(l => JsonNode.Parse(l)!["id"]!.ToString()).ToList();

    private string Current => File.ReadAllText(_dir.File("state/fuzzy_dedup/CURRENT")).Trim();

    [Fact]
    public void SecondBuildDropsExactlyTheNearCopiesOfFirstBuildKeepers()
    {
        var expected = WriteDays();
        Run(_dir.File("out1"), _dir.File("day1/*.jsonl"));
        var kept1 = KeptIds(_dir.File("out1"));
        Assert.Equal(160, kept1.Count);
        Assert.DoesNotContain("day1-near", kept1);
        Assert.Equal("gen-000001", Current);

        Run(_dir.File("out2"), _dir.File("day2/*.jsonl"));
        var kept2 = KeptIds(_dir.File("out2"));
        Assert.Equal(80, kept2.Count);
        Assert.All(kept2, id => Assert.StartsWith("new-", id));

        var audit = File.ReadAllLines(_dir.File("out2/dedup/fuzzy_dedup.audit.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), audit.Select(a => a["id"]!.ToString()).Order(StringComparer.Ordinal));
        Assert.All(audit, a =>
        {
            Assert.Equal(expected[a["id"]!.ToString()], a["earlier_keeper"]!.ToString());
            Assert.Equal(1, a["earlier_build"]!.GetValue<long>());
            Assert.InRange(a["similarity"]!.GetValue<double>(), 0.8, 1.0);
        });

        var report = JsonNode.Parse(File.ReadAllText(_dir.File("out2/report.json")))!;
        Assert.Equal(expected.Count, report["dedup.fuzzy_dedup"]!["dropped_seen_in_earlier_build"]!.GetValue<long>());
        Assert.Equal("gen-000002", Current);

        var stats = CliProcess.Run(_dir.Path, "state", "stats");
        Assert.True(stats.ExitCode == 0, stats.All);
        Assert.Contains("fuzzy_dedup:", stats.StdOut);
        Assert.Contains("2 builds", stats.StdOut);

        // Day 3 repeats day 2: everything day 2 kept is now in the index, so nothing survives.
        Run(_dir.File("out3"), _dir.File("day2/*.jsonl"));
        Assert.Empty(KeptIds(_dir.File("out3")));
    }

    [Fact]
    public void DayTwoWithAnotherPartitionCountAndWorkerCountGivesTheSameResult()
    {
        WriteDays();
        Run(_dir.File("out1"), _dir.File("day1/*.jsonl"));
        CopyDirectory(_dir.File("state"), _dir.File("state-day1"));
        Run(_dir.File("a"), _dir.File("day2/*.jsonl"), workers: 1);

        // Day 1 wrote 4 index partitions; this day 2 uses 3, so every bucket task re-partitions the index on load.
        Directory.Delete(_dir.File("state"), recursive: true);
        CopyDirectory(_dir.File("state-day1"), _dir.File("state"));
        Run(_dir.File("b"), _dir.File("day2/*.jsonl"), workers: 4,
            stages: "  - type: fuzzy_dedup\n    incremental: true\n    partitions: 3\n  - type: write_documents\n");
        Assert.Equal(CorpusFiles.Hashes(_dir.File("a/documents")), CorpusFiles.Hashes(_dir.File("b/documents")));
        Assert.Equal(File.ReadAllText(_dir.File("a/dedup/fuzzy_dedup.audit.jsonl")), File.ReadAllText(_dir.File("b/dedup/fuzzy_dedup.audit.jsonl")));
        Assert.Equal(7, File.ReadAllLines(_dir.File("b/dedup/fuzzy_dedup.audit.jsonl")).Length);
    }

    [Fact]
    public void DayTwoThatDiesBeforePublishingLeavesTheIndexAsItWasAndTheRerunMatches()
    {
        WriteDays();
        Run(_dir.File("out1"), _dir.File("day1/*.jsonl"));
        CopyDirectory(_dir.File("state"), _dir.File("state-day1"));
        var day1Index = CorpusFiles.Hashes(_dir.File("state/fuzzy_dedup"));

        Run(_dir.File("clean"), _dir.File("day2/*.jsonl"), workers: 1);
        var expectedDocs = CorpusFiles.Hashes(_dir.File("clean/documents"));
        var expectedAudit = File.ReadAllText(_dir.File("clean/dedup/fuzzy_dedup.audit.jsonl"));
        var expectedIndex = CorpusFiles.Hashes(_dir.File("state/fuzzy_dedup"));

        // Day 2 again from day 1's index, killed mid-resolve: the index phase and everything after it never ran
        // (its done markers and outputs are gone), and a half-written generation folder is lying around.
        Directory.Delete(_dir.File("state"), recursive: true);
        CopyDirectory(_dir.File("state-day1"), _dir.File("state"));
        Run(_dir.File("crashed"), _dir.File("day2/*.jsonl"), workers: 3);
        foreach (var dir in Directory.EnumerateDirectories(_dir.File("crashed/done")))
        {
            string name = Path.GetFileName(dir);
            if (name == "finalize" || name == "pass-2" || name == "fuzzy_dedup.index") Directory.Delete(dir, recursive: true);
        }
        Assert.True(Directory.Exists(_dir.File("crashed/done/fuzzy_dedup.clusters"))); // the earlier phases stay done
        Directory.Delete(_dir.File("crashed/documents"), recursive: true);
        Directory.Delete(_dir.File("crashed/passes/fuzzy_dedup/state-next"), recursive: true);
        Directory.Delete(_dir.File("state"), recursive: true);
        CopyDirectory(_dir.File("state-day1"), _dir.File("state"));
        Directory.CreateDirectory(_dir.File("state/fuzzy_dedup/gen-000002"));
        File.WriteAllText(_dir.File("state/fuzzy_dedup/gen-000002/part-00000.bin"), "half");
        Directory.CreateDirectory(_dir.File("state/fuzzy_dedup/docs/build-000002/ids"));
        File.WriteAllText(_dir.File("state/fuzzy_dedup/docs/build-000002/ids/shard-00000.bin"), "half");
        Assert.Equal("gen-000001", Current);

        Run(_dir.File("crashed"), _dir.File("day2/*.jsonl"), workers: 3);
        Assert.Equal(expectedDocs, CorpusFiles.Hashes(_dir.File("crashed/documents")));
        Assert.Equal(expectedAudit, File.ReadAllText(_dir.File("crashed/dedup/fuzzy_dedup.audit.jsonl")));
        Assert.Equal(expectedIndex, CorpusFiles.Hashes(_dir.File("state/fuzzy_dedup")));
        Assert.Equal("gen-000002", Current);
        Assert.NotEqual(day1Index, expectedIndex);
    }

    [Fact]
    public void DayTwoKilledAtSeededMomentsNeverCorruptsTheIndexAndResumesToTheCleanResult()
    {
        WriteDays();
        Run(_dir.File("out1"), _dir.File("day1/*.jsonl"));
        CopyDirectory(_dir.File("state"), _dir.File("state-day1"));
        var day1Gen = CorpusFiles.Hashes(_dir.File("state/fuzzy_dedup/gen-000001"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Run(_dir.File("clean"), _dir.File("day2/*.jsonl"));
        var cleanDuration = clock.Elapsed;
        var expectedDocs = CorpusFiles.Hashes(_dir.File("clean/documents"));
        var expectedGen2 = CorpusFiles.Hashes(_dir.File("state/fuzzy_dedup/gen-000002"));
        Directory.Delete(_dir.File("state"), recursive: true);
        CopyDirectory(_dir.File("state-day1"), _dir.File("state"));

        // SIGKILL the same day-2 build at seeded moments; each rerun resumes what the last one left.
        var random = new Random(3);
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("day2/*.jsonl"), _dir.File("killed"), Stages);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var killAt = TimeSpan.FromMilliseconds(random.NextDouble() * cleanDuration.TotalMilliseconds * 0.9);
            using var process = CliProcess.Start(_dir.Path, "run", pipeline, "--workers", "2");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < killAt) Thread.Sleep(10);
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
            // Whatever the moment, CURRENT names a whole generation: day 1's, or (killed after the switch) day 2's.
            if (Current == "gen-000001") Assert.Equal(day1Gen, CorpusFiles.Hashes(_dir.File("state/fuzzy_dedup/gen-000001")));
            else Assert.Equal(expectedGen2, CorpusFiles.Hashes(_dir.File($"state/fuzzy_dedup/{Current}")));
        }
        Run(_dir.File("killed"), _dir.File("day2/*.jsonl"));
        Assert.Equal(expectedDocs, CorpusFiles.Hashes(_dir.File("killed/documents")));
        Assert.Equal(expectedGen2.Where(kv => kv.Key != "meta.json"),
            CorpusFiles.Hashes(_dir.File($"state/fuzzy_dedup/{Current}")).Where(kv => kv.Key != "meta.json"));
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
