using DataPipe.Core.Filters.Text;
using DataPipe.Core.Filters.Text.Spacy;
using DataPipe.Core.Tests.SampleData;

namespace DataPipe.Core.Tests.Filters.Spacy;

/// <summary>
/// spaCy's English word split, rule by rule (expected tokens as spaCy 3.6 gives them), the sentencizer, and the
/// fast tokenizer (ASCII-word shortcut, per-thread cache) against the plain one on every sample document.
/// </summary>
public sealed class SpacyTokenizerTests(SampleCorpus corpus) : IClassFixture<SampleCorpus>
{
    [Theory]
    // clitics and contractions: special cases, in both apostrophes and both cases
    [InlineData("don't", "do|n't")]
    [InlineData("Don’t", "Do|n’t")]
    [InlineData("John's dog", "John|'s|dog")]
    [InlineData("it's", "it|'s")]
    [InlineData("cannot", "can|not")]
    [InlineData("gonna", "gon|na")]
    [InlineData("its", "its")]
    [InlineData("well", "well")]
    [InlineData("dont", "do|nt")]
    // abbreviations keep their period; other words lose it
    [InlineData("Mr. Smith", "Mr.|Smith")]
    [InlineData("e.g., this", "e.g.|,|this")]
    [InlineData("(i.e. that)", "(|i.e.|that|)")]
    [InlineData("Ph.D.", "Ph.D.")]
    [InlineData("end.", "end|.")]
    [InlineData("USA.", "USA|.")]
    [InlineData("A.", "A.")]
    [InlineData("Go.", "Go|.")]
    [InlineData("5pm", "5|pm")]
    [InlineData("10km", "10|km")]
    [InlineData("$10", "$|10")]
    [InlineData("US$5", "US$|5")]
    // runs of dashes and dots stay whole; hyphens, commas, slashes and colons between letters split
    [InlineData("wait -- no", "wait|--|no")]
    [InlineData("well---known", "well|---|known")]
    [InlineData("co-operate", "co|-|operate")]
    [InlineData("red,green", "red|,|green")]
    [InlineData("either/or", "either|/|or")]
    [InlineData("and/or", "and/or")]
    [InlineData("1-2", "1|-|2")]
    [InlineData("3.14", "3.14")]
    [InlineData("so...", "so|...")]
    [InlineData("word...word", "word|...|word")]
    [InlineData("end.The", "end|.|The")]
    // prefixes and suffixes in turns; quotes, brackets, symbols
    [InlineData("(\"Hello!\")", "(|\"|Hello|!|\"|)")]
    [InlineData("«quoted»", "«|quoted|»")]
    [InlineData("25°C", "25|°|C")]
    [InlineData("1+", "1|+")]
    [InlineData("+1", "+1")]
    // URLs are kept whole; e-mail-like and dotted names too
    [InlineData("see https://lwn.net/Articles/777036/ now", "see|https://lwn.net/Articles/777036/|now")]
    [InlineData("(https://example.org/a-b)", "(|https://example.org/a-b|)")]
    // ... but a URL must end in a letter, digit or "/": with a final "." it is cut at the "/" before a letter
    [InlineData("https://lwn.net/Articles/777036/.", "https://lwn.net|/|Articles/777036/.")]
    [InlineData("www.example.com,", "www.example.com|,")]
    // a top-level domain is lower case; otherwise "lower.Upper" is cut at the period
    [InlineData("example.Com", "example|.|Com")]
    // special cases found again after affixes split them (spaCy's special-case matcher)
    [InlineData("id.", "i|d.")]
    [InlineData("ex-Mrs. Smith", "ex|-|Mrs.|Smith")]
    [InlineData("(quotation):", "(|quotation|):")]
    [InlineData("4' 10''\"", "4|'|10|''|\"")]
    [InlineData("\"Voice\")", "\"|Voice|\"|)")]
    // whitespace: a single space folds into the token before it, other runs are tokens (not words)
    [InlineData("a  b\n\nc", "a|b|c")]
    [InlineData("", "")]
    public void SplitsAsSpacy(string text, string expected)
    {
        var words = new WordTokens().Tokenize(text, WordSplit.Spacy, new SpacyTokenizer());
        var got = string.Join('|', Enumerable.Range(0, words.Count).Select(i => words.Word(text, i).ToString()));
        Assert.Equal(expected, got);
    }

    [Theory]
    [InlineData("One. Two! Three?", 3)]
    [InlineData("Dr. Smith arrived.", 1)]
    [InlineData("No terminator here", 1)]
    [InlineData("Wait... what?! Yes.", 2)]
    [InlineData("Symbols start sentences. @@ ok. ** fine.", 3)]
    [InlineData("Quote after a period.\" Then more.", 2)]
    [InlineData("Two spaces after.  Next one.", 2)]
    public void SentencesAsSpacysSentencizer(string text, int expected) =>
        Assert.Equal(expected, new SentenceCounter(new SpacyTokenizer()).Count(text, WordSplit.Spacy));

    [Fact]
    public void FastTokenizerEqualsThePlainOneOnEverySampleDocument()
    {
        var plain = new SpacyTokenizer(fast: false);
        var fast = new SpacyTokenizer(fast: true);
        var a = new SpacyTokens();
        var b = new SpacyTokens();
        int docs = 0;
        foreach (var record in corpus.Records.Values.OrderBy(r => r.Shard, StringComparer.Ordinal).ThenBy(r => r.Ordinal))
        {
            // Twice with the fast one: the second pass is served from its cache.
            plain.Tokenize(record.Text, a);
            for (int pass = 0; pass < 2; pass++)
            {
                fast.Tokenize(record.Text, b);
                Assert.True(a.Starts.SequenceEqual(b.Starts) && a.Lengths.SequenceEqual(b.Lengths) && a.IsSpace.SequenceEqual(b.IsSpace),
                    $"fast and plain tokens differ on {record.Shard}#{record.Ordinal} (pass {pass})");
            }
            docs++;
        }
        Assert.True(docs > 16_000, $"{docs} documents");
    }

    /// <summary>The same on real technical text (licenses, changelogs, READMEs: versions, paths, URLs, e-mail
    /// addresses, code), where runs of letters with marks are far more varied than in prose.</summary>
    [Fact]
    public void FastTokenizerEqualsThePlainOneOnRealTechnicalText()
    {
        var plain = new SpacyTokenizer(fast: false);
        var fast = new SpacyTokenizer(fast: true);
        var a = new SpacyTokens();
        var b = new SpacyTokens();
        var files = RealTextFiles.Take(600, minBytes: 201, maxBytes: 399_999);
        long chars = 0;
        foreach (var file in files)
        {
            string text = File.ReadAllText(file);
            plain.Tokenize(text, a);
            fast.Tokenize(text, b);
            Assert.True(a.Starts.SequenceEqual(b.Starts) && a.Lengths.SequenceEqual(b.Lengths) && a.IsSpace.SequenceEqual(b.IsSpace),
                $"fast and plain tokens differ on {file}");
            chars += text.Length;
        }
        Assert.True(chars > 1_000_000, $"only {chars} characters of real text found");
    }
}
