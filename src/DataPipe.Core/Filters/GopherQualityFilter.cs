using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Filters.Multilingual;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>Gopher quality rules (Rae et al. 2021 App. A; datatrove GopherQualityFilter), checked in table order.</summary>
/// <remarks>
/// English documents (and documents of no known language) meet Gopher's own eight stop words, case-sensitive as in
/// datatrove. A document of another language listed in <c>languages</c> meets its list from <c>stopwords-iso</c>
/// (lower-cased); a language with no list there skips the stop-word rule (counted as
/// <see cref="StopWordsUnavailable"/>).
/// </remarks>
public sealed class GopherQualityFilter(string name, GopherQualityFilter.Options options, RuleSwitches rules, StopWordLists? stopWordLists = null)
    : DocumentFilter(name, Reasons)
{
    public const string ShortDoc = "gopher_short_doc";
    public const string LongDoc = "gopher_long_doc";
    public const string BelowAvg = "gopher_below_avg_threshold";
    public const string AboveAvg = "gopher_above_avg_threshold";
    public const string TooManyHashes = "gopher_too_many_hashes";
    public const string TooManyEllipsis = "gopher_too_many_ellipsis";
    public const string TooManyBullets = "gopher_too_many_bullets";
    public const string TooManyEndEllipsis = "gopher_too_many_end_ellipsis";
    public const string BelowAlpha = "gopher_below_alpha_threshold";
    public const string StopWords = "gopher_enough_stop_words";
    public const string StopWordsUnavailable = "stop_words_unavailable";
    private const string English = "en";

    public static readonly IReadOnlyList<string> Reasons =
        [ShortDoc, LongDoc, BelowAvg, AboveAvg, TooManyHashes, TooManyEllipsis, TooManyBullets, TooManyEndEllipsis, BelowAlpha, StopWords];

    private static readonly string[] StopWordList = ["the", "be", "to", "of", "and", "that", "have", "with"];

    public sealed record Options : IValidatedOptions
    {
        [Range(0, int.MaxValue)] public int MinDocWords { get; init; } = 50;
        [Range(1, int.MaxValue)] public int MaxDocWords { get; init; } = 100_000;
        [Range(0, 1000)] public double MinAvgWordLength { get; init; } = 3;
        [Range(0, 1000)] public double MaxAvgWordLength { get; init; } = 10;
        [Range(0, 1000)] public double MaxSymbolWordRatio { get; init; } = 0.1;
        [Range(0, 1)] public double MaxBulletLinesRatio { get; init; } = 0.9;
        [Range(0, 1)] public double MaxEllipsisLinesRatio { get; init; } = 0.3;
        [Range(0, 1)] public double MaxNonAlphaWordsRatio { get; init; } = 0.8;
        /// <summary>At most the size of the stop-word list (8).</summary>
        [Range(0, 8)] public int MinStopWords { get; init; } = 2;
        public WordSplit WordSplit { get; init; } = WordSplit.Spacy;
        /// <summary>The languages these thresholds were made for; other languages pass untouched (<c>*</c>: all).</summary>
        public IReadOnlyList<string> Languages { get; init; } = [English];
        /// <summary>Stop words of languages other than English (<see cref="StopWordLists"/>).</summary>
        public string StopWordsFile { get; init; } = StopWordLists.DefaultFile;

        public bool NeedsStopWordLists => Languages.Any(l => l != English);

        public IEnumerable<(string Key, string Problem)> Problems()
        {
            if (MinDocWords > MaxDocWords) yield return ("min_doc_words", "must not exceed max_doc_words");
            foreach (var problem in LanguageScope.Problems(Languages)) yield return problem;
        }
    }

    public override LanguageScope Languages { get; } = LanguageScope.From(options.Languages);

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        var options = OptionBinder.Bind<Options>(o);
        StopWordLists? lists = null;
        if (options.NeedsStopWordLists && options.MinStopWords > 0)
        {
            string path = FetchedFiles.Resolve(options.StopWordsFile, context.PipelineFile);
            if (!File.Exists(path))
                throw o.Error("stop_words_file", $"the stop-word lists for languages other than English are missing ({path}): run `make models` (scripts/fetch-models.sh) or set stop_words_file:");
            try
            {
                lists = StopWordLists.Load(path);
            }
            catch (InvalidDataException e)
            {
                throw o.Error("stop_words_file", e.Message);
            }
            foreach (var language in options.Languages)
                if (language is not (English or LanguageScope.Every) && lists.For(language) is null)
                    throw o.Error("languages", $"stopwords-iso has no stop words for '{language}': remove it, or set min_stop_words: 0 to judge it without the stop-word rule");
        }
        return new GopherQualityFilter(context.StageName, options, RuleSwitches.Read(o, Reasons), lists);
    }

    protected override string? Check(Document document, TextView text, Counters counters)
    {
        if (!document.Metadata.TryGetValue(LanguageScope.MetadataKey, out var language) || language == English)
            return Evaluate(text);
        var stopWords = stopWordLists?.For(language);
        if (stopWords is null && rules.On(StopWords) && options.MinStopWords > 0) counters.Add(StopWordsUnavailable);
        return Evaluate(text, stopWords, english: false);
    }

    /// <summary>The decision for English text (Gopher's own stop words).</summary>
    public string? Evaluate(TextView text) => Evaluate(text, null, english: true);

    /// <summary>The decision for text of another language: its stop words, or no stop-word rule when null.</summary>
    public string? Evaluate(TextView view, StopWordSet? stopWords, bool english)
    {
        var text = view.Text.AsSpan();
        var words = view.Words(options.WordSplit);
        int nWords = words.Count;

        int contentWords = 0;
        long contentLength = 0;
        int alphaWords = 0;
        int stopMask = 0;
        bool pairs = view.HasSurrogatePairs;
        var starts = words.Starts;
        var lengths = words.Lengths;
        for (int i = 0; i < starts.Length; i++)
        {
            var w = text.Slice(starts[i], lengths[i]);
            char first = w[0];
            // Most words start with an ASCII letter: content, alphabetic, and the only kind a stop word can be.
            if (char.IsAsciiLetter(first))
            {
                contentWords++;
                contentLength += pairs ? PyText.Length(w) : w.Length;
                alphaWords++;
                stopMask |= StopWordBits(text, starts[i], w.Length);
                continue;
            }
            if (!IsSymbolOnly(w))
            {
                contentWords++;
                contentLength += pairs ? PyText.Length(w) : w.Length;
            }
            if (PyText.HasLetter(w)) alphaWords++;
        }

        if (rules.On(ShortDoc) && contentWords < options.MinDocWords) return ShortDoc;
        if (rules.On(LongDoc) && contentWords > options.MaxDocWords) return LongDoc;
        double mean = contentWords == 0 ? 0 : (double)contentLength / contentWords;
        if (rules.On(BelowAvg) && mean < options.MinAvgWordLength) return BelowAvg;
        if (rules.On(AboveAvg) && mean > options.MaxAvgWordLength) return AboveAvg;
        if (rules.On(TooManyHashes) && Ratio(text.Count('#'), nWords) > options.MaxSymbolWordRatio) return TooManyHashes;
        if (rules.On(TooManyEllipsis)
            && Ratio(PyText.Count(text, "...") + text.Count('\u2026'), nWords) > options.MaxSymbolWordRatio) return TooManyEllipsis;

        int lines = 0, bullets = 0, endEllipsis = 0;
        foreach (var line in new PyLines(text))
        {
            lines++;
            var left = PyText.StripStart(line);
            if (left.Length > 0 && left[0] is '\u2022' or '-') bullets++;
            var right = PyText.StripEnd(line);
            if (right.EndsWith("...", StringComparison.Ordinal) || right.EndsWith("\u2026", StringComparison.Ordinal)) endEllipsis++;
        }
        if (rules.On(TooManyBullets) && Ratio(bullets, lines) > options.MaxBulletLinesRatio) return TooManyBullets;
        if (rules.On(TooManyEndEllipsis) && Ratio(endEllipsis, lines) > options.MaxEllipsisLinesRatio) return TooManyEndEllipsis;
        if (rules.On(BelowAlpha) && nWords > 0 && (double)alphaWords / nWords < options.MaxNonAlphaWordsRatio) return BelowAlpha;
        if (rules.On(StopWords) && options.MinStopWords > 0)
        {
            int found = english ? System.Numerics.BitOperations.PopCount((uint)stopMask)
                : stopWords?.CountDistinct(text, starts, lengths, options.MinStopWords) ?? options.MinStopWords;
            if (found < options.MinStopWords) return StopWords;
        }
        return null;
    }

    /// <summary>A ratio over an empty denominator is 0 when nothing was counted and unbounded otherwise (Python would raise).</summary>
    private static double Ratio(int count, int total) =>
        total > 0 ? (double)count / total : count > 0 ? double.PositiveInfinity : 0;

    private static bool IsSymbolOnly(ReadOnlySpan<char> word)
    {
        if (word.Length > 0 && word[0] < 0x80 && !Punctuation.IsPunctuation(word[0])) return false;
        foreach (var r in word.EnumerateRunes())
            if (!Punctuation.IsPunctuation(r.Value)) return false;
        return true;
    }

    /// <summary>Each stop word's UTF-16 units packed into one integer (they are 2–4 long), beside its length, so a
    /// word is compared with all eight at once.</summary>
    private static readonly Vector512<ulong> PackedStopWords = Vector512.Create([.. StopWordList.Select(w => Pack(w))]);

    private static readonly Vector512<ulong> StopWordLengths = Vector512.Create([.. StopWordList.Select(w => (ulong)w.Length)]);

    /// <summary>The bits of a word's first four UTF-16 units to keep, by its length (0 past four: no stop word).</summary>
    private static ReadOnlySpan<ulong> KeepUnits => [0, 0xFFFF, 0xFFFF_FFFF, 0xFFFF_FFFF_FFFF, ulong.MaxValue, 0];

    private static ulong Pack(ReadOnlySpan<char> w)
    {
        ulong packed = 0;
        for (int k = w.Length - 1; k >= 0; k--) packed = (packed << 16) | w[k];
        return packed;
    }

    /// <summary>Bit i set when the word at <paramref name="start"/> is stop word i (at most one bit). Branch-free
    /// where four units can be read at once: word lengths vary too much for a length test to be predicted.</summary>
    private static int StopWordBits(ReadOnlySpan<char> text, int start, int length)
    {
        ulong packed = start + 4 <= text.Length
            ? Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<char, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start)))
              & KeepUnits[Math.Min(length, KeepUnits.Length - 1)]
            : length <= 4 ? Pack(text.Slice(start, length)) : 0;
        var same = Vector512.Equals(Vector512.Create(packed), PackedStopWords)
                   & Vector512.Equals(Vector512.Create((ulong)length), StopWordLengths);
        return (int)same.ExtractMostSignificantBits();
    }
}
