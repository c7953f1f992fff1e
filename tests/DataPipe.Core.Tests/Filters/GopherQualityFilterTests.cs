using DataPipe.Core.Filters;
using static DataPipe.Core.Tests.Filters.StageBuilder;

namespace DataPipe.Core.Tests.Filters;

public sealed class GopherQualityFilterTests
{
    private static readonly string[] Vocabulary = ["the", "apple", "and", "house", "with", "river", "that", "garden"];

    /// <summary><paramref name="n"/> plain words (all content words, all alphabetic, four distinct stop words).</summary>
    private static List<string> Words(int n) => [.. Enumerable.Range(0, n).Select(i => Vocabulary[i % Vocabulary.Length])];

    private static string Line(IEnumerable<string> words) => string.Join(' ', words);

    private static string? Check(string text, string yaml = "{}") => Reason("gopher_quality", yaml, text);

    [Fact]
    public void CleanProsePasses() => Assert.Null(Check(Line(Words(200))));

    [Fact]
    public void MinimumWordCountEdge()
    {
        Assert.Null(Check(Line(Words(50))));
        Assert.Equal(GopherQualityFilter.ShortDoc, Check(Line(Words(49))));
    }

    [Fact]
    public void PunctuationTokensAreNotContentWords()
    {
        // 49 words plus 10 commas: still short, because symbol-only tokens do not count as content words.
        var words = Words(49);
        for (int i = 0; i < 10; i++) words[i] += ",";
        Assert.Equal(GopherQualityFilter.ShortDoc, Check(Line(words)));
    }

    [Fact]
    public void MaximumWordCountEdge()
    {
        Assert.Null(Check(Line(Words(60)), "max_doc_words: 60"));
        Assert.Equal(GopherQualityFilter.LongDoc, Check(Line(Words(61)), "max_doc_words: 60"));
    }

    [Fact]
    public void MeanWordLengthLowerEdge()
    {
        var words = Enumerable.Repeat("the", 25).Concat(Enumerable.Repeat("and", 25)).ToList();
        Assert.Null(Check(Line(words)));                // mean exactly 3
        words[0] = "to";
        Assert.Equal(GopherQualityFilter.BelowAvg, Check(Line(words))); // 2.98
    }

    [Fact]
    public void MeanWordLengthUpperEdge()
    {
        // 2 stop words (3 chars) + 48 words: mean = (6 + 48·L)/50.
        var words = new List<string> { "the", "and" };
        words.AddRange(Enumerable.Repeat("abcdefghij", 44)); // 440
        words.AddRange(Enumerable.Repeat("abcdefghijklmn", 4)); // 56 → total 502 → 10.04
        Assert.Equal(GopherQualityFilter.AboveAvg, Check(Line(words)));
        words[^1] = "abcdefghijkl"; // total 500 → mean exactly 10
        Assert.Null(Check(Line(words)));
    }

    [Fact]
    public void HashRatioEdge()
    {
        var words = Words(100);
        for (int i = 0; i < 10; i++) words[i * 3 + 1] = "ap#ple";
        Assert.Null(Check(Line(words)));              // 10 / 100
        words[50] = "ri#ver";
        Assert.Equal(GopherQualityFilter.TooManyHashes, Check(Line(words))); // 11 / 100
    }

    [Fact]
    public void EllipsisRatioEdge()
    {
        // Stand-alone ellipses: spaCy splits one inside a word ("ap...ple" is three words), which moves the count.
        var words = Words(100);
        for (int i = 0; i < 9; i++) words[i * 3 + 1] = "...";
        words[40] = "\u2026";
        Assert.Null(Check(Line(words)));
        words[50] = "...";
        Assert.Equal(GopherQualityFilter.TooManyEllipsis, Check(Line(words)));
    }

    private static string Lines(int total, Func<int, string> line) => string.Join('\n', Enumerable.Range(0, total).Select(line));

    [Fact]
    public void BulletLinesEdge()
    {
        string body = Line(Words(10));
        Assert.Null(Check(Lines(10, i => i < 9 ? "  - " + body : body)));
        Assert.Equal(GopherQualityFilter.TooManyBullets, Check(Lines(10, i => (i % 2 == 0 ? "\u2022 " : "- ") + body)));
    }

    [Fact]
    public void EndEllipsisLinesEdge()
    {
        string body = Line(Words(12));
        Assert.Null(Check(Lines(10, i => i < 3 ? body + " ...  " : body)));
        Assert.Equal(GopherQualityFilter.TooManyEndEllipsis, Check(Lines(10, i => i < 4 ? body + "\u2026" : body)));
    }

    [Fact]
    public void AlphabeticWordsEdge()
    {
        var words = Words(100);
        for (int i = 0; i < 20; i++) words[i * 5] = "123";
        Assert.Null(Check(Line(words)));              // 80 / 100 have a letter
        words[1] = "456";
        Assert.Equal(GopherQualityFilter.BelowAlpha, Check(Line(words)));
    }

    [Fact]
    public void StopWordsAreDistinctAndCaseSensitive()
    {
        var words = Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? "the" : "apple").ToList();
        Assert.Equal(GopherQualityFilter.StopWords, Check(Line(words)));
        words[1] = "The";
        Assert.Equal(GopherQualityFilter.StopWords, Check(Line(words)));
        words[1] = "with";
        Assert.Null(Check(Line(words)));
    }

    /// <summary>A second stop word at the very end of the text (where fewer than four chars follow it) counts;
    /// prefixes, extensions and look-alikes of stop words do not.</summary>
    [Theory]
    [InlineData("of", true)]
    [InlineData("of.", true)]
    [InlineData("(with)", true)]
    [InlineData("have!!", true)]
    [InlineData("o", false)]
    [InlineData("an", false)]
    [InlineData("ofx", false)]
    [InlineData("thee", false)]
    [InlineData("withs", false)]
    [InlineData("thatt", false)]
    [InlineData("häve", false)]
    public void OnlyWholeStopWordsCount(string last, bool enough)
    {
        string text = string.Join(' ', Enumerable.Repeat("apple", 58).Append("the").Append(last));
        Assert.Equal(enough ? null : GopherQualityFilter.StopWords, Check(text));
    }

    [Fact]
    public void FirstFailingRuleInTableOrderWins()
    {
        // Short (rule 1) and without stop words (rule 10): reported as short.
        Assert.Equal(GopherQualityFilter.ShortDoc, Check("zzz yyy xxx"));
        Assert.Equal(GopherQualityFilter.StopWords, Check("zzz yyy xxx", "disabled_rules: [gopher_short_doc]"));
    }

    [Fact]
    public void DeclaresItsRulesInCheckOrder()
    {
        var stage = (GopherQualityFilter)Build("gopher_quality");
        Assert.Equal(10, stage.DropReasons.Count);
        Assert.Equal(GopherQualityFilter.ShortDoc, stage.DropReasons[0]);
        Assert.Equal(GopherQualityFilter.StopWords, stage.DropReasons[^1]);
    }
}
