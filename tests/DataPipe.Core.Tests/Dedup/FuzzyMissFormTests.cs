using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.Dedup.Normalization;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Dedup;

/// <summary>The near-duplicate forms normalized shingles miss (issue #18), each through a real build: documents too
/// short to shingle after normalization, and symbol-heavy documents whose normalized text no longer says how alike
/// they are.</summary>
public sealed class FuzzyMissFormTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Symbols = ["/\\_/\\", "(", ")", "===", "|", "||", "+--+", "~~", "^", "<>", "--", "**", "[#]", "\\\\", "//", "@@"];

    /// <summary>ASCII art: 420 symbol tokens on lines of 12, one letter token in 15; the copy changes 2 of those
    /// letters. Literal 5-gram Jaccard ≈ 0.95, normalized ≈ 0.4 (its few words are mostly the letters).</summary>
    private static (string Art, string Copy) AsciiArtPair(int seed)
    {
        var random = new Random(seed);
        var tokens = new List<string>();
        for (int i = 0; i < 420; i++) tokens.Add(i % 15 == 7 ? ((char)('a' + random.Next(26))).ToString() + "o" : Symbols[random.Next(Symbols.Length)]);
        var copy = new List<string>(tokens);
        copy[7 + 15 * 9] = "zz";
        copy[7 + 15 * 20] = "qq";
        static string Lines(List<string> t) => string.Join("\n", t.Chunk(12).Select(line => string.Join(' ', line)));
        return (Lines(tokens), Lines(copy));
    }

    private static double Jaccard(string x, string y, Func<string, int, ulong[]> shingles)
    {
        var a = shingles(x, 5).ToHashSet();
        var b = shingles(y, 5).ToHashSet();
        return (double)a.Intersect(b).Count() / a.Union(b).Count();
    }

    private static ulong[] Normalized(string text, int n)
    {
        var buffer = new ulong[16];
        int count = ShingleHasher.Compute(text, n, ref buffer);
        return buffer[..count];
    }

    private static ulong[] Literal(string text, int n)
    {
        var buffer = new ulong[16];
        int count = ShingleHasher.ComputeLiteral(text, n, ref buffer);
        return buffer[..count];
    }

    [Fact]
    public void ShortIdenticalPairsAndSymbolHeavyNearCopiesAreDroppedAndTheirControlsKept()
    {
        var (art, artCopy) = AsciiArtPair(3);
        Assert.True(Jaccard(art, artCopy, Literal) > 0.9);
        Assert.True(Jaccard(art, artCopy, Normalized) < 0.5); // what made it a miss
        Assert.True(ShingleHasher.RewrittenFraction(art) >= 0.2);
        var (otherArt, _) = AsciiArtPair(4);

        var random = new Random(9);
        var prose = string.Join(' ', NearDuplicateCorpus.Words(random, 200));
        var docs = new List<(string Id, string Text)>
        {
            ("short-a", "Thanks!"),
            ("prose", prose),
            ("art", art),
            ("short-b", "Thanks!"),          // identical to short-a: dropped
            ("short-c", "Thanks, again."),   // another short text: kept
            ("art-copy", artCopy),           // near copy of art: dropped
            ("other-art", otherArt),         // unrelated art: kept
            ("symbols-only", "*** --- ***"), // no word after normalization, signed by its literal text: kept
            ("symbols-only-2", "*** --- ***"),  // identical: dropped
        };
        Directory.CreateDirectory(_dir.File("in"));
        File.WriteAllLines(_dir.File("in/part-000.jsonl"), docs.Select(d => JsonSerializer.Serialize(new { id = d.Id, text = d.Text })));
        string outDir = _dir.File("out");
        var result = CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl"), outDir,
            "  - type: fuzzy_dedup\n  - type: write_documents\n"), "--workers", "2");
        Assert.True(result.ExitCode == 0, result.All);

        var audit = File.ReadAllLines(Path.Combine(outDir, "dedup/fuzzy_dedup.audit.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["short-b", "art-copy", "symbols-only-2"], audit.Select(a => a["id"]!.ToString()));
        Assert.Equal(["short-a", "art", "symbols-only"], audit.Select(a => a["keeper"]!.ToString()));
    }

    [Fact]
    public void ProseIsNotSymbolHeavySoItsBandKeysStayAsBefore()
    {
        var text = "The quick brown fox, aged 3, jumps over the lazy dog (twice). It was 2024; nobody noticed.";
        Assert.True(ShingleHasher.RewrittenFraction(text) < 0.2);
        Assert.Equal(0, ShingleHasher.RewrittenFraction("   "));
        Assert.Equal(1.0, ShingleHasher.RewrittenFraction("*** 123 !!"));
    }
}
