using DataPipe.Core.Dedup.Normalization;

namespace DataPipe.Core.Tests.Dedup;

public sealed class NormalizationTests
{
    private static readonly ExactNormalization Defaults = new();

    [Fact]
    public void TextsDifferingOnlyInWhatNormalizationRemovesHashEqual()
    {
        var baseline = ExactTextHasher.Hash("The café opened in 2024.\nWelcome!", Defaults);
        Assert.Equal(baseline, ExactTextHasher.Hash("  THE CAFÉ   opened in 2024.\r\n\tWelcome!  ", Defaults));
        Assert.Equal(baseline, ExactTextHasher.Hash("The cafe\u0301 opened in 2024. Welcome!", Defaults)); // NFD input
    }

    [Fact]
    public void OneChangedWordIsNotAnExactDuplicate()
    {
        Assert.NotEqual(ExactTextHasher.Hash("the cafe opened in 2024", Defaults), ExactTextHasher.Hash("the cafe closed in 2024", Defaults));
        Assert.NotEqual(ExactTextHasher.Hash("Hello world", new ExactNormalization(CaseFold: false)), ExactTextHasher.Hash("hello world", new ExactNormalization(CaseFold: false)));
    }

    [Fact]
    public void ShinglesIgnoreCasePunctuationDigitsAndDiacritics()
    {
        ulong[] a = new ulong[4], b = new ulong[4];
        int na = ShingleHasher.Compute("Le café, ouvert en 2024 — a 3.14 tables!", 5, ref a);
        int nb = ShingleHasher.Compute("le CAFE ouvert en 1999 a 2,5 tables", 5, ref b);
        Assert.Equal(4, na); // 8 words → 4 five-grams
        Assert.Equal(a.AsSpan(0, na).ToArray(), b.AsSpan(0, nb).ToArray());
        ulong[] c = new ulong[1];
        Assert.Equal(0, ShingleHasher.Compute("only four words here", 5, ref c));
    }

    [Fact]
    public void LiteralShinglesIgnoreCaseAndSpacingButKeepDigitsAndPunctuation()
    {
        static ulong[] Literal(string text)
        {
            var buffer = new ulong[1];
            int n = ShingleHasher.ComputeLiteral(text, 5, ref buffer);
            return buffer.AsSpan(0, n).ToArray();
        }
        Assert.Equal(Literal("Page not found. Error 46641."), Literal("page  NOT found.\nerror 46641."));
        Assert.NotEqual(Literal("Page not found. Error 46641."), Literal("Page not found. Error 35021."));
        Assert.NotEqual(Literal("the cafe opened in 2024, they said"), Literal("the cafe opened in 2024; they said"));
        Assert.Equal(3, Literal("one two three four five six seven").Length);
        // Fewer words than n: one shingle for the whole text, so short texts compare by equality.
        Assert.Single(Literal("Error 404"));
        Assert.NotEqual(Literal("Error 404"), Literal("Error 500"));
        Assert.Empty(Literal(" \t\n "));
    }

    [Fact]
    public void CollapsingWhitespaceEqualsTheCharByCharDefinition()
    {
        var random = new Random(11);
        const string alphabet = "ab  \t\n\r\u00A0\u3000xé";
        for (int round = 0; round < 2000; round++)
        {
            var chars = new char[random.Next(0, 120)];
            for (int i = 0; i < chars.Length; i++) chars[i] = random.Next(3) == 0 ? alphabet[random.Next(alphabet.Length)] : (char)('a' + random.Next(26));
            string text = new(chars);
            string expected = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            var buffer = text.ToCharArray();
            int length = ExactTextHasher.Collapse(buffer);
            Assert.Equal(expected, new string(buffer, 0, length));
        }
    }
}
