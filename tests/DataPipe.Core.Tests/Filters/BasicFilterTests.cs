using System.Text;
using DataPipe.Core.Filters;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Tests.Filters;

public sealed class BasicFilterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LengthEdgesCountCodePoints()
    {
        const string yaml = "min_chars: 3\nmax_chars: 5";
        Assert.Equal(LengthFilter.TooShort, StageBuilder.Reason("length", yaml, "ab"));
        Assert.Null(StageBuilder.Reason("length", yaml, "abc"));
        Assert.Null(StageBuilder.Reason("length", yaml, "abcde"));
        Assert.Equal(LengthFilter.TooLong, StageBuilder.Reason("length", yaml, "abcdef"));
        // Four emoji are 8 UTF-16 units but 4 code points.
        Assert.Null(StageBuilder.Reason("length", yaml, "😀😀😀😀"));
    }

    [Fact]
    public void EmptyDocumentIsTooShortByDefault() => Assert.Equal(LengthFilter.TooShort, StageBuilder.Reason("length", "{}", ""));

    [Fact]
    public void SymbolRatioEdge()
    {
        Assert.Null(StageBuilder.Reason("symbol_ratio", "{}", "ab$%"));          // 0.5
        Assert.Equal(SymbolRatioFilter.Reason, StageBuilder.Reason("symbol_ratio", "{}", "ab$%&"));
        Assert.Null(StageBuilder.Reason("symbol_ratio", "{}", "a b c d e f ! ?")); // whitespace ignored: 2/8
        Assert.Equal(SymbolRatioFilter.Reason, StageBuilder.Reason("symbol_ratio", "count_whitespace: true\nmax_non_alnum_ratio: 0.59", "a b c d e f ! ?")); // 9/15
        Assert.Equal(SymbolRatioFilter.Reason, StageBuilder.Reason("symbol_ratio", "{}", "a😀😀"));   // emoji are symbols
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SymbolRatioOfLongMixedTextEqualsACharByCharCount(bool countWhitespace)
    {
        // Long enough for the vector path, with non-ASCII blocks (letters, emoji, no-break space) interrupting it.
        var random = new Random(5);
        const string alphabet = "abcXYZ019 \n\t\r!@#[]{}`~_-=+.,;é日😀\u00A0ß";
        var filter = new SymbolRatioFilter("symbol_ratio", 0.5, countWhitespace);
        for (int round = 0; round < 50; round++)
        {
            int asciiRun = random.Next(1, 200);
            var chars = new List<char>();
            for (int i = 0; i < 400; i++)
            {
                string pick = i % asciiRun == asciiRun - 1 ? alphabet[^7..] : alphabet[..^7];
                int k = random.Next(pick.Length);
                if (char.IsSurrogate(pick[k])) chars.AddRange("😀"); else chars.Add(pick[k]);
            }
            string text = new([.. chars]);
            long counted = 0, symbols = 0;
            foreach (var rune in text.EnumerateRunes())
            {
                if (!countWhitespace && Rune.IsWhiteSpace(rune)) continue;
                counted++;
                if (!Rune.IsLetterOrDigit(rune)) symbols++;
            }
            Assert.Equal((double)symbols / counted, filter.Ratio(text), 12);
        }
    }

    private string Blocklist(params string[] lines)
    {
        string file = _dir.File("block.txt");
        File.WriteAllLines(file, lines);
        return "file: " + file;
    }

    [Fact]
    public void UrlBlocklistMatchesDomainsSubdomainsAndUrls()
    {
        var stage = StageBuilder.Build("url_blocklist", Blocklist("# spam", "", "spam.example", "https://news.test/bad-page/"));
        string? Check(string? url) => StageBuilder.Run(stage, "text", url: url).Reason;
        Assert.Equal(UrlBlocklistFilter.BlockedDomain, Check("http://spam.example/a"));
        Assert.Equal(UrlBlocklistFilter.BlockedDomain, Check("https://www.SPAM.example./b?q=1"));
        Assert.Null(Check("https://notspam.example/"));
        Assert.Equal(UrlBlocklistFilter.BlockedUrl, Check("http://news.test/bad-page#top"));
        Assert.Null(Check("https://news.test/bad-page/2"));
        Assert.Null(Check("not a url"));
        var counters = new Counters();
        StageBuilder.Run(stage, "text", counters);
        Assert.Equal(1, counters.Get("no_url"));
    }
}
