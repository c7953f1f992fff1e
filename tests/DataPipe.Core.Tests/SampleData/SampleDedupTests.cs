using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Runtime;
using Xunit.Abstractions;

namespace DataPipe.Core.Tests.SampleData;

/// <summary>
/// Both dedup stages, at their defaults, through the real CLI on the sample corpus, scored against its labels as
/// the dedup issue defines it: counted per document, so which member of a group is kept does not matter.
/// </summary>
public sealed class SampleDedupTests(SampleCorpus corpus, ITestOutputHelper output) : IClassFixture<SampleCorpus>, IDisposable
{
    private const double TrueThreshold = 0.8;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DefaultDedupBeatsTheBarOnPrecisionAndRecallAndDropsNothingUnrelated()
    {
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, Path.Combine(corpus.Folder, "*.warc.wet.gz"), outDir,
            "  - type: exact_dedup\n  - type: fuzzy_dedup\n");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.True(result.ExitCode == 0, result.All);

        var dropped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string stage in new[] { "exact_dedup", "fuzzy_dedup" })
            foreach (string line in File.ReadLines(Path.Combine(outDir, "dedup", $"{stage}.audit.jsonl")))
                dropped.Add(JsonNode.Parse(line)!["id"]!.ToString(), stage);

        var labels = corpus.Labels.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var groups = TrueGroups(corpus.Labels, out var hasPartner);
        int truePositives = dropped.Keys.Count(hasPartner.Contains);
        double precision = (double)truePositives / dropped.Count;
        double recall = (double)groups.Sum(g => Math.Min(g.Count(dropped.ContainsKey), g.Count - 1)) / groups.Sum(g => g.Count - 1);
        var falseDrops = dropped.Keys.Where(id => !hasPartner.Contains(id)).ToList();
        output.WriteLine($"dropped {dropped.Count} (exact {dropped.Values.Count(v => v == "exact_dedup")}), groups {groups.Count}: precision {precision:F4}, recall {recall:F4}");
        foreach (var id in falseDrops.Take(20))
            output.WriteLine($"  dropped without a partner at J ≥ {TrueThreshold}: {id} {labels[id].Class} {labels[id].LowQuality}{labels[id].Jaccard}");

        Assert.True(groups.Count > 1000, $"only {groups.Count} labelled groups");
        Assert.True(precision >= 0.97, $"precision {precision:F4}");
        Assert.True(recall >= 0.97, $"recall {recall:F4}");
        var exactKept = corpus.Labels.Where(l => l.Class == "exact_dup" && !dropped.ContainsKey(l.Id)).Select(l => l.Id).ToList();
        Assert.True(exactKept.Count == 0, $"planted exact duplicates kept: {string.Join(", ", exactKept.Take(10))}");
        // Unrelated: not labelled as any kind of duplicate (a near duplicate below the threshold is at least related).
        var unrelated = dropped.Keys.Where(id => labels[id].Class is "clean" or "low_quality").ToList();
        Assert.True(unrelated.Count == 0, $"unrelated documents dropped: {string.Join(", ", unrelated.Take(10))}");
    }

    /// <summary>Documents linked by a labelled Jaccard ≥ 0.8 (exact duplicates count as 1), as connected components.</summary>
    private static List<List<string>> TrueGroups(IReadOnlyList<SampleLabel> labels, out HashSet<string> hasPartner)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent.TryGetValue(x, out var p) && p != x) x = parent[x] = parent.GetValueOrDefault(p, p);
            return x;
        }
        hasPartner = new HashSet<string>(StringComparer.Ordinal);
        foreach (SampleLabel label in labels)
        {
            if (label.DuplicateOf is null || label.Jaccard < TrueThreshold) continue;
            hasPartner.Add(label.Id);
            hasPartner.Add(label.DuplicateOf);
            string a = Find(label.Id), b = Find(label.DuplicateOf);
            if (a != b) parent[a] = b;
        }
        return hasPartner.GroupBy(Find, StringComparer.Ordinal).Select(g => g.ToList()).Where(g => g.Count > 1).ToList();
    }
}
