using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Filters;
using DataPipe.Core.Filters.Multilingual;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using DataPipe.Core.Tests.Classification;

namespace DataPipe.Core.Tests.Filters;

/// <summary>
/// Per-language rules (#17 item 4): filters whose thresholds were made for English judge English documents (and
/// documents of no known language) and let other languages pass untouched, counted as <c>skipped_language</c>;
/// Gopher's stop-word rule serves other listed languages from stopwords-iso.
/// </summary>
public sealed class LanguageRulesTests
{
    private static readonly string StopWordsFile = Path.Combine(TestPaths.RepoRoot, StopWordLists.DefaultFile);

    /// <summary>Short lines with no terminal punctuation: C4 removes them all and drops the document.</summary>
    private const string Menu = "Home\nProducts\nAbout us\nContact\nImpressum\nDatenschutz";

    private static StepResult Process(IStage stage, string text, string? language, Counters counters)
    {
        var context = new StepContext
        {
            Layout = null!, Shard = null!, ShardCount = 1, Pass = 0, Counters = counters,
            Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Seed = 1,
        };
        var doc = StageBuilder.Doc(text);
        if (language is not null) doc = doc.WithMetadata(LanguageScope.MetadataKey, language);
        using var step = ((IDocumentStage)stage).Open(context);
        return step.Process(doc);
    }

    [Theory]
    [InlineData("c4", C4Filter.TooFewSentences)]
    [InlineData("fineweb", FineWebFilter.LinePunctRatio)]
    [InlineData("gopher_quality", GopherQualityFilter.ShortDoc)]
    public void EnglishRulesLetOtherLanguagesPassUntouchedAndCountThem(string type, string reason)
    {
        var stage = StageBuilder.Build(type);
        var counters = new Counters();

        Assert.Equal(reason, Process(stage, Menu, "en", counters).DropReason);
        Assert.Equal(reason, Process(stage, Menu, null, counters).DropReason);
        Assert.Equal(0, counters.Get(LanguageScope.SkippedCounter));

        var german = Process(stage, Menu, "de", counters);
        Assert.True(german.Kept);
        Assert.Equal(Menu, german.Document!.Text);
        Assert.Equal(1, counters.Get(LanguageScope.SkippedCounter));
    }

    [Theory]
    [InlineData("c4", "{ languages: ['*'] }")]
    [InlineData("c4", "{ languages: [en, de] }")]
    [InlineData("fineweb", "{ languages: [de] }")]
    public void ListedLanguagesAreJudged(string type, string options)
    {
        var counters = new Counters();
        Assert.False(Process(StageBuilder.Build(type, options), Menu, "de", counters).Kept);
        Assert.Equal(0, counters.Get(LanguageScope.SkippedCounter));
    }

    [Theory]
    [InlineData("c4", "{ languages: [] }", "at least one language")]
    [InlineData("fineweb", "{ languages: [EN] }", "'EN' is not a language code")]
    [InlineData("gopher_quality", "{ languages: [en, 'x y'] }", "'x y' is not a language code")]
    public void ABadLanguageListIsAConfigErrorAtItsKey(string type, string options, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => StageBuilder.Build(type, options));
        Assert.Contains("languages", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingStopWordListsAreAConfigErrorSayingHowToFetchThem()
    {
        var e = Assert.Throws<ConfigException>(() =>
            StageBuilder.Build("gopher_quality", "{ languages: [en, de], stop_words_file: /nonexistent/stopwords.json }"));
        Assert.Contains("stop_words_file", e.Message);
        Assert.Contains("make models", e.Message);
    }

    [StopWordsFact]
    public void ALanguageWithoutAStopWordListIsAConfigErrorUnlessTheRuleIsOff()
    {
        var e = Assert.Throws<ConfigException>(() =>
            StageBuilder.Build("gopher_quality", $"{{ languages: [en, qq], stop_words_file: '{StopWordsFile}' }}"));
        Assert.Contains("no stop words for 'qq'", e.Message);
        StageBuilder.Build("gopher_quality", $"{{ languages: [en, qq], min_stop_words: 0, stop_words_file: '{StopWordsFile}' }}");
    }

    /// <summary>
    /// Real German text (Debian's package descriptions in German, joined to documents of 120+ words): Gopher's
    /// English stop words drop nearly all of it; with <c>languages: [en, de]</c> the German list keeps nearly all
    /// of it — and still drops the same words once their stop words are taken out.
    /// </summary>
    [StopWordsFact]
    public void GermanDocumentsMeetGermanStopWords()
    {
        var germanDocs = GermanDocuments(40);
        Assert.True(germanDocs.Count >= 20, $"only {germanDocs.Count} German documents (apt's Translation-de: .ci/setup.d/fasttext.sh fetches it)");
        var lists = StopWordLists.Load(StopWordsFile);
        var german = lists.For("de")!;

        var englishRules = (GopherQualityFilter)StageBuilder.Build("gopher_quality");
        var multilingual = (GopherQualityFilter)StageBuilder.Build("gopher_quality", $"{{ languages: [en, de], stop_words_file: '{StopWordsFile}' }}");
        var counters = new Counters();
        int droppedAsEnglish = germanDocs.Count(d => Process(englishRules, d, null, counters).DropReason == GopherQualityFilter.StopWords);
        int droppedAsGerman = germanDocs.Count(d => Process(multilingual, d, "de", counters).DropReason == GopherQualityFilter.StopWords);
        // Package descriptions carry English names and phrases ("to", "and"), so some pass even the English list.
        Assert.True(droppedAsEnglish >= germanDocs.Count / 2, $"English stop words dropped only {droppedAsEnglish} of {germanDocs.Count}");
        Assert.True(droppedAsGerman <= germanDocs.Count / 20, $"German stop words dropped {droppedAsGerman} of {germanDocs.Count}");

        // The same documents without their stop words (a keyword list, not prose) fail the German rule alone.
        string others = string.Join(", ", GopherQualityFilter.Reasons.Where(r => r != GopherQualityFilter.StopWords));
        var stopWordRuleOnly = StageBuilder.Build("gopher_quality", $"{{ languages: [de], stop_words_file: '{StopWordsFile}', disabled_rules: [{others}] }}");
        foreach (var doc in germanDocs)
        {
            var stripped = WithoutStopWords(doc, german);
            Assert.Equal(GopherQualityFilter.StopWords, Process(stopWordRuleOnly, stripped, "de", counters).DropReason);
            Assert.True(Process(stopWordRuleOnly, doc, "de", counters).Kept);
        }
    }

    [Fact]
    public void StopWordSetCountsDistinctWordsCaseInsensitivelyUpToEnough()
    {
        var set = new StopWordSet(["der", "die", "und", "Über"]);
        const string text = "Der Hund und die Katze, der Vogel und DIE Maus über alles";
        var (starts, lengths) = Words(text);
        Assert.Equal(4, set.CountDistinct(text, starts, lengths, 8));
        Assert.Equal(2, set.CountDistinct(text, starts, lengths, 2));
        Assert.Equal(0, set.CountDistinct("Hunde Katzen", [0, 6], [5, 6], 8));
    }

    /// <summary>The words of the filter's own split that are not stop words, joined by spaces.</summary>
    private static string WithoutStopWords(string text, StopWordSet stopWords)
    {
        var words = TextView.Of(text).Words(DataPipe.Core.Filters.Text.WordSplit.Spacy);
        var kept = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            string w = words.Word(text, i).ToString();
            if (stopWords.CountDistinct(w, [0], [w.Length], 1) == 0) kept.Add(w);
        }
        return string.Join(' ', kept);
    }

    private static (int[] Starts, int[] Lengths) Words(string text)
    {
        var starts = new List<int>();
        var lengths = new List<int>();
        int i = 0;
        foreach (var word in text.Split(' '))
        {
            string w = word.TrimEnd(',');
            starts.Add(i);
            lengths.Add(w.Length);
            i += word.Length + 1;
        }
        return (starts.ToArray(), lengths.ToArray());
    }

    private static List<string> GermanDocuments(int count)
    {
        var file = MultilingualCorpus.TranslationFiles().FirstOrDefault(f => f.Contains("Translation-de", StringComparison.Ordinal));
        if (file is null) return [];
        var docs = new List<string>();
        var current = new List<string>();
        foreach (var description in MultilingualCorpus.Descriptions(file))
        {
            current.Add(description);
            if (current.Sum(d => d.Split(' ').Length) < 120) continue;
            docs.Add(string.Join(" ", current));
            current.Clear();
            if (docs.Count == count) break;
        }
        return docs;
    }
}

/// <summary>A fact that needs the fetched stopwords-iso.json; skipped, saying how to fetch it, without it.</summary>
public sealed class StopWordsFactAttribute : FactAttribute
{
    public StopWordsFactAttribute()
    {
        if (!File.Exists(Path.Combine(TestPaths.RepoRoot, StopWordLists.DefaultFile)))
            Skip = $"{StopWordLists.DefaultFile} is missing (`make models`; make test fetches it)";
    }
}
