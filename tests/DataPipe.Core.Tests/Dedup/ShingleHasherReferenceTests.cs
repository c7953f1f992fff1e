using DataPipe.Core.Dedup.Normalization;

namespace DataPipe.Core.Tests.Dedup;

/// <summary>The one-pass shingle hashing (folding table, word-hash ring) against its plain reference: random text
/// built from the characters each rule is about, and real text from this machine.</summary>
public sealed class ShingleHasherReferenceTests
{
    /// <summary>Letters, accents (precomposed and combining), digits and the separators inside numbers, punctuation,
    /// exotic whitespace, format characters, CJK, Arabic, and a surrogate pair.</summary>
    private static readonly string[] Pieces =
    [
        "a", "Z", "é", "Ö", "ß", "e\u0301", "ı", "İ", "ﬁ", "0", "7", "٣", "१", ".", ",", "\u060C", "\u066B", "-", "'", "$", "€", "©",
        " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u2003", "\u200B", "\u200D", "\u00AD", "中", "文", "ع", "😀", "\uD835\uDC00", "\u0000", "\u001F",
    ];

    private static string RandomText(Random random, int pieces)
    {
        var parts = new string[pieces];
        for (int i = 0; i < pieces; i++) parts[i] = Pieces[random.Next(Pieces.Length)];
        return string.Concat(parts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    public void TheOnePassShinglesEqualThePlainOnesOnRandomText(int n)
    {
        var random = new Random(n * 97);
        var buffer = new ulong[4];
        for (int trial = 0; trial < 2000; trial++)
        {
            string text = RandomText(random, random.Next(0, trial < 1000 ? 12 : 300));
            AssertSame(text, n, ref buffer);
        }
    }

    [Fact]
    public void TheOnePassShinglesEqualThePlainOnesOnRealText()
    {
        var files = RealTextFiles.Take(200);
        Assert.NotEmpty(files);
        var buffer = new ulong[64];
        foreach (var file in files)
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            foreach (int n in new[] { 3, 5 }) AssertSame(text, n, ref buffer);
        }
    }

    [Fact]
    public void TheReferenceSaysWhatTheRulesSay()
    {
        // Same words after normalization → same shingles; a different number of any length reads as the same "0".
        Assert.Equal(ShingleHasher.ComputeReference("Café, 3.14 apples!", 2), ShingleHasher.ComputeReference("cafe 2 APPLES", 2));
        Assert.NotEqual(ShingleHasher.ComputeLiteralReference("error 46641.", 2), ShingleHasher.ComputeLiteralReference("error 35021.", 2));
        Assert.Single(ShingleHasher.ComputeLiteralReference("two words", 5));
        Assert.Empty(ShingleHasher.ComputeReference("two words", 5));
    }

    private static void AssertSame(string text, int n, ref ulong[] buffer)
    {
        int count = ShingleHasher.Compute(text, n, ref buffer);
        Assert.Equal(ShingleHasher.ComputeReference(text, n), buffer.AsSpan(0, count).ToArray());
        count = ShingleHasher.ComputeLiteral(text, n, ref buffer);
        Assert.Equal(ShingleHasher.ComputeLiteralReference(text, n), buffer.AsSpan(0, count).ToArray());
        Assert.Equal(ShingleHasher.RewrittenFractionReference(text), ShingleHasher.RewrittenFraction(text));
    }
}
