using System.Text;
using DataPipe.Core.Filters.Text;

namespace DataPipe.Core.Tests.Filters;

/// <summary>The word split the Gopher and FineWeb filters share, against a plain rune-by-rune reference of the same
/// rules: split on Python whitespace, peel punctuation marks off both ends, a run of dots staying one token.</summary>
public sealed class WordTokensTests
{
    private const string SpaceKinds = " \t\n\v\f\r\x1C\x1D\x1E\x1F\u0085\u00A0\u1680\u2000\u2007\u2028\u2029\u202F\u205F\u3000";

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Hello, world!")]
    [InlineData("\"Quoted\" (parenthesised) don't 3.5 U.S. end...")]
    [InlineData("...leading dots and trailing ones... !?! «guillemets» —dash— “curly”")]
    [InlineData("emoji 😀 and 😀! and a lone \uD800 surrogate \uDC00.")]
    [InlineData("a.b.c.. x,,, ((((((((((((((((((((word))))))))))))))))))))")]
    public void MatchesTheReference(string text) => Assert.Equal(Reference(text), Tokens(text));

    /// <summary>The split classifies 32 characters at a time; every kind of space must split at every position of
    /// such a block, and non-ASCII characters next to it must not.</summary>
    [Fact]
    public void EverySpaceKindSplitsAtEveryBlockPosition()
    {
        foreach (char space in SpaceKinds)
            for (int pad = 0; pad < 70; pad++)
            {
                string text = new string('é', pad % 5) + new string('a', pad) + space + "wörd," + space + space + "«b»" + new string('z', 40 - pad % 40);
                Assert.Equal(Reference(text), Tokens(text));
            }
    }

    [Fact]
    public void TokenizingAnotherTextReplacesTheCachedResult()
    {
        var tokens = new WordTokens();
        Assert.Equal(2, tokens.Tokenize("one two").Count);
        Assert.Equal(3, tokens.Tokenize("one two!").Count);
        Assert.Equal(2, tokens.Tokenize("one two").Count);
    }

    internal static List<string> Tokens(string text)
    {
        var tokens = new WordTokens().Tokenize(text);
        return [.. Enumerable.Range(0, tokens.Count).Select(i => tokens.Word(text, i).ToString())];
    }

    internal static List<string> Reference(string text)
    {
        var result = new List<string>();
        var chunk = new StringBuilder();
        foreach (char c in text + " ")
        {
            if (!PyText.IsSpace(c))
            {
                chunk.Append(c);
                continue;
            }
            if (chunk.Length > 0) Peel(chunk.ToString(), result);
            chunk.Clear();
        }
        return result;
    }

    private static void Peel(string chunk, List<string> result)
    {
        // Code points as strings; a lone surrogate stays one char (the tokenizer reads it as U+FFFD, not a mark).
        var runes = new List<string>();
        for (int i = 0; i < chunk.Length; i++)
            runes.Add(char.IsSurrogatePair(chunk, i) ? chunk.Substring(i++, 2) : chunk[i].ToString());
        bool Punct(int i) => Punctuation.IsPunctuation(char.IsSurrogatePair(runes[i], 0) ? char.ConvertToUtf32(runes[i], 0) : runes[i][0]);
        int s = 0, e = runes.Count;
        while (s < e && Punct(s) && !(runes[s] == "." && s + 1 < e && runes[s + 1] == ".")) result.Add(runes[s++]);
        if (s >= e) return;
        var suffix = new List<string>();
        while (e > s && suffix.Count < 16)
        {
            int dots = 0;
            while (e - dots > s && runes[e - dots - 1] == ".") dots++;
            if (dots >= 2)
            {
                suffix.Add(new string('.', dots));
                e -= dots;
                continue;
            }
            if (!Punct(e - 1)) break;
            suffix.Add(runes[--e]);
        }
        if (e > s) result.Add(string.Concat(runes.Skip(s).Take(e - s)));
        suffix.Reverse();
        result.AddRange(suffix);
    }
}
