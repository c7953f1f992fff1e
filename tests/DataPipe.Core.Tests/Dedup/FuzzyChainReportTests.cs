using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Dedup;

/// <summary>
/// Chains (A≈B, B≈C, A≉C) through a real build: the dropped member listed as a group's example may have its best
/// match inside the group rather than with the keeper. The report must still hold a real similarity for every group.
/// </summary>
public sealed class FuzzyChainReportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Substitutes one word every 20 from <paramref name="from"/>, <paramref name="count"/> times: edits
    /// 20 words apart never share a 5-gram, so each removes exactly 5 shingles on each side.</summary>
    private static string[] Substitute(string[] words, int from, int count, string tag)
    {
        var copy = (string[])words.Clone();
        for (int k = 0; k < count; k++) copy[from + 20 * k] = $"{tag}edit{(char)('a' + k)}";
        return copy;
    }

    /// <summary>Per chain: A (400 words); B = A with 7 substitutions (J(A,B) ≈ 0.84); C = B with 2 more
    /// (J(B,C) ≈ 0.95, J(A,C) ≈ 0.80 − so B's best match is C, not its keeper A).</summary>
    private static List<(string Id, string Text, string[] Words)> ChainCorpus(int chains)
    {
        var random = new Random(11);
        var docs = new List<(string, string, string[])>();
        for (int c = 0; c < chains; c++)
        {
            var a = NearDuplicateCorpus.Words(random, 400);
            var b = Substitute(a, 10, 7, "b");
            var cc = Substitute(b, 250, 2, "c");
            docs.Add(($"chain{c}-a", string.Join(' ', a), a));
            docs.Add(($"chain{c}-b", string.Join(' ', b), b));
            docs.Add(($"chain{c}-c", string.Join(' ', cc), cc));
            for (int u = 0; u < 3; u++)
            {
                var other = NearDuplicateCorpus.Words(random, 300);
                docs.Add(($"unique{c}-{u}", string.Join(' ', other), other));
            }
        }
        return docs;
    }

    [Fact]
    public void ChainsGiveAReportWithTheExamplePairsOwnFiniteSimilarity()
    {
        var docs = ChainCorpus(4);
        var byId = docs.ToDictionary(d => d.Id, d => d.Words);
        // The corpus really is a chain: B is nearer C than A, and A–C falls under the threshold.
        Assert.True(NearDuplicateCorpus.Jaccard(byId["chain0-b"], byId["chain0-c"]) > NearDuplicateCorpus.Jaccard(byId["chain0-a"], byId["chain0-b"]));
        Assert.InRange(NearDuplicateCorpus.Jaccard(byId["chain0-a"], byId["chain0-b"]), 0.8, 0.9);
        Assert.True(NearDuplicateCorpus.Jaccard(byId["chain0-a"], byId["chain0-c"]) < 0.8);

        Directory.CreateDirectory(_dir.File("in"));
        File.WriteAllLines(_dir.File("in/part-000.jsonl"), docs.Select(d =>
            System.Text.Json.JsonSerializer.Serialize(new { id = d.Id, text = d.Text, url = $"https://example.org/{d.Id}" })));
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl"), outDir, "  - type: fuzzy_dedup\n  - type: write_documents\n");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.True(result.ExitCode == 0, result.All);

        string reportPath = Path.Combine(outDir, "report.json");
        Assert.True(File.Exists(reportPath));
        var section = JsonNode.Parse(File.ReadAllText(reportPath))!["dedup.fuzzy_dedup"]!;
        Assert.Equal(8, section["dropped"]!.GetValue<long>());
        var groups = section["largest_groups"]!.AsArray();
        Assert.Equal(4, groups.Count);
        foreach (var g in groups)
        {
            Assert.Equal(3, g!["size"]!.GetValue<long>());
            string keeper = g["keeper"]!.ToString(), example = g["example"]!.ToString();
            Assert.EndsWith("-a", keeper);
            double similarity = g["similarity"]!.GetValue<double>();
            Assert.True(double.IsFinite(similarity));
            // The example pair is a matched pair (keeper, example), and its similarity is that pair's own.
            Assert.Equal(NearDuplicateCorpus.Jaccard(byId[keeper], byId[example]), similarity, 3);
            // Each side is shown by URL and its first 200 characters, not only by id.
            Assert.Equal($"https://example.org/{keeper}", g["keeper_url"]!.ToString());
            Assert.Equal($"https://example.org/{example}", g["example_url"]!.ToString());
            Assert.Equal(string.Join(' ', byId[keeper])[..200], g["keeper_text"]!.ToString());
            Assert.Equal(string.Join(' ', byId[example])[..200], g["example_text"]!.ToString());
        }
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
    }

    [Fact]
    public void UnverifiedPairsHaveNoSimilarityInsteadOfNaN()
    {
        var docs = ChainCorpus(2);
        NearDuplicateCorpus.WriteJsonl(_dir.File("in/part-000.jsonl"), docs.Select(d => (d.Id, d.Text)));
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl"), outDir, "  - type: fuzzy_dedup\n    verify: none\n  - type: write_documents\n");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.True(result.ExitCode == 0, result.All);

        var section = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!["dedup.fuzzy_dedup"]!;
        Assert.Equal(4, section["dropped"]!.GetValue<long>());
        Assert.All(section["largest_groups"]!.AsArray(), g => Assert.Null(g!["similarity"]));
        var audit = File.ReadAllLines(Path.Combine(outDir, "dedup/fuzzy_dedup.audit.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, audit.Count);
        Assert.All(audit, a => Assert.Null(a["similarity"]));
    }
}
