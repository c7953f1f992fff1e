using System.Globalization;
using DataPipe.Core.Filters;

namespace DataPipe.Core.Tests.Filters;

public sealed class FineWebFilterTests
{
    /// <summary>A distinct line of about 60 characters and 10 words.</summary>
    private static string Sentence(int i, bool punct) =>
        $"Line number {i.ToString(CultureInfo.InvariantCulture)} talks about rivers, hills and quiet old towns" + (punct ? "." : "");

    private static string? Check(string text, string yaml = "{}") => StageBuilder.Reason("fineweb", yaml, text);

    [Fact]
    public void LinePunctuationEdge()
    {
        // 3 of 25 lines end with terminal punctuation = 0.12 → kept; 2 of 25 = 0.08 → dropped.
        Assert.Null(Check(string.Join('\n', Enumerable.Range(0, 25).Select(i => Sentence(i, i < 3)))));
        Assert.Equal(FineWebFilter.LinePunctRatio, Check(string.Join('\n', Enumerable.Range(0, 25).Select(i => Sentence(i, i < 2)))));
    }

    [Fact]
    public void TrailingSpaceDefeatsThePunctuationTest()
    {
        Assert.Equal(FineWebFilter.LinePunctRatio, Check(string.Join('\n', Enumerable.Range(0, 10).Select(i => Sentence(i, true) + " "))));
    }

    [Fact]
    public void ZeroPunctuationCanBeExempted()
    {
        string text = string.Join('\n', Enumerable.Range(0, 10).Select(i => Sentence(i, false)));
        Assert.Equal(FineWebFilter.LinePunctRatio, Check(text));
        Assert.Null(Check(text, "line_punct_exclude_zero: true"));
    }

    [Fact]
    public void ShortLineEdge()
    {
        // 67 of 100 lines ≤ 30 chars → kept; 68 → dropped. Short lines: "Short line 12." (distinct, punctuated).
        string Doc(int shortCount) => string.Join('\n', Enumerable.Range(0, 100).Select(i =>
            i < shortCount ? $"Short line {i.ToString(CultureInfo.InvariantCulture)} here." : Sentence(i, true)));
        Assert.Null(Check(Doc(67)));
        Assert.Equal(FineWebFilter.ShortLineRatio, Check(Doc(68)));
    }

    [Fact]
    public void DuplicateLineCharsEdge()
    {
        var lines = Enumerable.Range(0, 20).Select(i => Sentence(i, true)).ToList();
        string unique = string.Join('\n', lines);
        Assert.Null(Check(unique));
        lines.Add(lines[0]);
        string withDuplicate = string.Join('\n', lines);
        double ratio = (double)lines[0].Length / withDuplicate.Replace("\n", "").Length;
        string yaml(double t) => "char_duplicates_ratio: " + t.ToString(CultureInfo.InvariantCulture);
        Assert.Null(Check(withDuplicate, yaml(ratio + 0.0001)));
        Assert.Equal(FineWebFilter.CharDupRatio, Check(withDuplicate, yaml(ratio - 0.0001)));
    }

    [Fact]
    public void ListRatioEdge()
    {
        // 10 lines of "Item one two." (4 tokens: Item, one, two, '.'): 9 newlines / 40 words = 0.225.
        string text = string.Join('\n', Enumerable.Range(0, 10).Select(i => $"Item{i.ToString(CultureInfo.InvariantCulture)} one two."));
        Assert.Null(Check(text, "short_line_thr: 1\nnew_line_ratio: 0.225"));
        Assert.Equal(FineWebFilter.ListRatio, Check(text, "short_line_thr: 1\nnew_line_ratio: 0.224"));
    }

    [Fact]
    public void BlankDocumentIsEmpty() => Assert.Equal(FineWebFilter.Empty, Check(" \n\t\n"));
}
