using DataPipe.Core.Filters;

namespace DataPipe.Core.Tests.Filters;

public sealed class GopherRepetitionFilterTests
{
    private static string OnlyRule(string rule, double threshold) =>
        $"disabled_rules: [{string.Join(", ", GopherRepetitionFilter.Reasons.Where(r => r != rule))}]\n{rule}: {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static string? Check(string text, string rule, double threshold) =>
        StageBuilder.Reason("gopher_repetition", OnlyRule(rule, threshold), text);

    [Fact]
    public void DistinctProsePassesWithDefaults()
    {
        string text = string.Join(' ', Enumerable.Range(0, 300).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(StageBuilder.Reason("gopher_repetition", "{}", text));
    }

    [Fact]
    public void DuplicateParagraphFraction()
    {
        // Paragraphs: a, b, a, c → 1 duplicate of 4 = 0.25.
        const string text = "alpha one\n\nbeta two\n\n\nalpha one\n\ngamma three";
        Assert.Null(Check(text, "dup_para_frac", 0.25));
        Assert.Equal("dup_para_frac", Check(text, "dup_para_frac", 0.24));
    }

    [Fact]
    public void DuplicateParagraphChars()
    {
        // One duplicate paragraph of 9 chars in a 44-char text = 0.2045.
        const string text = "alpha one\n\nbeta two\n\n\nalpha one\n\ngamma three";
        Assert.Equal(44, text.Length);
        Assert.Null(Check(text, "dup_para_char_frac", 0.205));
        Assert.Equal("dup_para_char_frac", Check(text, "dup_para_char_frac", 0.204));
    }

    [Fact]
    public void DuplicateLinesSplitOnNewlineRuns()
    {
        // Lines on \n+: x, y, x, z → 0.25; the leading newline adds an empty first element: 1/5 = 0.2.
        Assert.Equal("dup_line_frac", Check("xx\nyy\n\nxx\nzz", "dup_line_frac", 0.24));
        Assert.Null(Check("xx\nyy\n\nxx\nzz", "dup_line_frac", 0.25));
        Assert.Null(Check("\nxx\nyy\nxx\nzz", "dup_line_frac", 0.2));
        Assert.Equal("dup_line_char_frac", Check("xx\nyy\nxx\nzz", "dup_line_char_frac", 0.18)); // 2/11
        Assert.Null(Check("xx\nyy\nxx\nzz", "dup_line_char_frac", 0.19));
    }

    [Fact]
    public void TopBigramScoresLengthTimesCount()
    {
        // "aa bb" ×2 → 5·2/17 = 0.588.
        const string text = "aa bb aa bb cc dd";
        Assert.Equal("top_2_gram", Check(text, "top_2_gram", 0.588));
        Assert.Null(Check(text, "top_2_gram", 0.589));
    }

    [Fact]
    public void TopNGramTiesGoToTheFirstSeen()
    {
        // "a b"(3 chars) and "ccc ddd"(7 chars) both twice; first seen is "a b": 3·2/len.
        const string text = "a b ccc ddd a b ccc ddd";
        double score = 3.0 * 2 / text.Length; // 0.26
        Assert.Equal("top_2_gram", Check(text, "top_2_gram", score - 0.001));
        Assert.Null(Check(text, "top_2_gram", score + 0.001));
    }

    [Fact]
    public void DuplicateNGramsConcatenateWordsWithoutSeparator()
    {
        // 5-grams "ab"+"c"+"d"+"e"+"f" and "a"+"bc"+"d"+"e"+"f" are the same string "abcdef": 6 repeated chars.
        const string text = "ab c d e f a bc d e f";
        double score = 6.0 / text.Length;
        Assert.Equal("duplicated_5_n_grams", Check(text, "duplicated_5_n_grams", score - 0.001));
        Assert.Null(Check(text, "duplicated_5_n_grams", score + 0.001));
    }

    /// <summary>Word hashes take four characters per read, so the concatenation identity must hold across those
    /// groups too: words of 1–9 characters split differently, at the start of the text and after it.</summary>
    [Theory]
    [InlineData("abcdefg hij k l m", "abcdefgh ij k l m")]
    [InlineData("abcd efghi jklmnopq r s", "abcdefghi jklm nopq r s")]
    [InlineData("x abcde fgh i j k", "abcdefg h i j k")]
    public void LongWordsSplitDifferentlyStillRepeat(string first, string second)
    {
        string text = first + " " + second;
        int repeated = second.Replace(" ", "", StringComparison.Ordinal).Length;
        Assert.Equal(first.Replace(" ", "", StringComparison.Ordinal)[^repeated..], second.Replace(" ", "", StringComparison.Ordinal));
        double score = (double)repeated / text.Length;
        Assert.Equal("duplicated_5_n_grams", Check(text, "duplicated_5_n_grams", score - 0.001));
        Assert.Null(Check(text, "duplicated_5_n_grams", score + 0.001));
    }

    [Fact]
    public void DefaultsDropARepeatedBoilerplatePage()
    {
        string text = string.Concat(Enumerable.Repeat("Buy cheap watches online today. ", 40));
        Assert.NotNull(StageBuilder.Reason("gopher_repetition", "{}", text));
    }
}
