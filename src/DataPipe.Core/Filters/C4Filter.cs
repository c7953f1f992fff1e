using System.Buffers;
using System.Text.RegularExpressions;
using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Filters.Multilingual;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>
/// C4 quality rules (Raffel et al. 2020; datatrove C4QualityFilter with <c>split_paragraph</c> on). Line rules remove
/// lines and count them as <c>lines_removed.&lt;rule&gt;</c>; three rules drop the whole document. Kept lines are
/// stripped, citation markers removed, and joined with <c>\n</c>.
/// </summary>
public sealed partial class C4Filter(string name, C4Filter.Options options, RuleSwitches rules)
    : DocumentTransform, IDeclaresDropReasons
{
    public const string LoremIpsum = "lorem_ipsum";
    public const string CurlyBracket = "curly_bracket";
    public const string TooFewSentences = "too_few_sentences";

    public const string LineTooLongWord = "too_long_word";
    public const string LineNoTerminalPunct = "no_terminal_punct";
    public const string LineTooFewWords = "too_few_words";
    public const string LineJavascript = "javascript";
    public const string LinePolicy = "policy";

    public static readonly IReadOnlyList<string> Reasons = [LoremIpsum, CurlyBracket, TooFewSentences];

    public static readonly IReadOnlyList<string> LineRules =
        [LineTooLongWord, "citations", LineNoTerminalPunct, LineTooFewWords, LineJavascript, LinePolicy];

    private static readonly string[] PolicySubstrings =
        ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];

    /// <summary>Every phrase a kept line is searched for, in one vectorized pass: most lines hold none of them, and
    /// one search beats eight case-insensitive ones.</summary>
    private static readonly SearchValues<string> AnyPhrase =
        SearchValues.Create([.. PolicySubstrings, "lorem ipsum", "javascript"], StringComparison.OrdinalIgnoreCase);

    public sealed record Options : IValidatedOptions
    {
        [Range(1, int.MaxValue)] public int MaxWordLength { get; init; } = 1000;
        [Range(0, 10_000)] public int MinWordsPerLine { get; init; } = 3;
        [Range(0, 1_000_000)] public int MinNumSentences { get; init; } = 5;
        public WordSplit WordSplit { get; init; } = WordSplit.Spacy;
        /// <summary>The languages these thresholds were made for; other languages pass untouched (<c>*</c>: all).</summary>
        public IReadOnlyList<string> Languages { get; init; } = ["en"];

        public IEnumerable<(string Key, string Problem)> Problems() => LanguageScope.Problems(Languages);
    }

    public override LanguageScope Languages { get; } = LanguageScope.From(options.Languages);

    public override string Name { get; } = name;

    public IReadOnlyList<string> DropReasons => Reasons;

    public static IStage Create(OptionsNode o, StageBuildContext context) =>
        new C4Filter(context.StageName, OptionBinder.Bind<Options>(o), RuleSwitches.Read(o, [.. Reasons, .. LineRules]));

    [GeneratedRegex(@"\[\d*\]|\[edit\]|\[citation needed\]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Citation();

    protected override StepResult Transform(Document document, TextView text, Counters counters)
    {
        var (reason, kept) = Apply(text, counters);
        if (reason is not null) return StepResult.Drop(reason);
        return StepResult.Keep(ReferenceEquals(kept, document.Text) ? document : document with { Text = kept! });
    }

    /// <summary>Kept lines are assembled here (never longer than the input), so a document that keeps every line
    /// costs no new string at all and a changed one exactly one.</summary>
    private sealed class KeptBuffer
    {
        private char[] _chars = [];

        public char[] AtLeast(int length) => _chars.Length >= length ? _chars : _chars = new char[Math.Max(length, 4096)];
    }

    /// <returns>The drop reason, or the kept text (the same string instance when every line is kept as it was).</returns>
    public (string? Reason, string? Text) Apply(TextView view, Counters? counters)
    {
        string text = view.Text;
        var kept = new KeptText(view.Scratch<KeptBuffer>().AtLeast(text.Length));
        int sentences = 0;
        bool first = true;
        foreach (var raw in new PyLines(text))
        {
            var line = PyText.Strip(raw);
            if (rules.On(LineTooLongWord) && HasLongWord(line))
            {
                counters?.Add("lines_removed." + LineTooLongWord);
                continue;
            }
            var beforeCitations = line;
            string? withoutCitations = null;
            if (rules.On("citations") && line.IndexOf('[') >= 0)
            {
                withoutCitations = Citation().Replace(line.ToString(), "");
                line = withoutCitations;
            }
            if (rules.On(LineNoTerminalPunct) && !EndsWithTerminal(line))
            {
                counters?.Add("lines_removed." + LineNoTerminalPunct);
                continue;
            }
            // Words are counted before citations are removed, as the reference does; only after the cheaper checks.
            if (rules.On(LineTooFewWords) && HasFewerWords(beforeCitations, options.MinWordsPerLine))
            {
                counters?.Add("lines_removed." + LineTooFewWords);
                continue;
            }
            bool phrase = line.IndexOfAny(AnyPhrase) >= 0;
            if (phrase && rules.On(LoremIpsum) && line.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase)) return (LoremIpsum, null);
            if (phrase && rules.On(LineJavascript) && line.Contains("javascript", StringComparison.OrdinalIgnoreCase))
            {
                counters?.Add("lines_removed." + LineJavascript);
                continue;
            }
            if (rules.On(CurlyBracket) && line.Contains('{')) return (CurlyBracket, null);
            if (phrase && rules.On(LinePolicy) && ContainsPolicy(line))
            {
                counters?.Add("lines_removed." + LinePolicy);
                continue;
            }
            // Only "fewer than the minimum" matters, so counting stops once the minimum is reached.
            if (rules.On(TooFewSentences) && sentences < options.MinNumSentences) sentences += view.Sentences.Count(line, options.WordSplit);
            if (!first) kept.Append('\n');
            kept.Append(line);
            first = false;
        }
        if (rules.On(TooFewSentences) && sentences < options.MinNumSentences) return (TooFewSentences, null);
        var result = PyText.Strip(kept.Written);
        return (null, result.SequenceEqual(text) ? text : result.ToString());
    }

    /// <summary>Appends into a buffer at least as long as the input; kept text (stripped lines joined by single
    /// newlines, citations removed) can only be shorter.</summary>
    private ref struct KeptText(char[] buffer)
    {
        private int _length;

        public readonly ReadOnlySpan<char> Written => buffer.AsSpan(0, _length);

        public void Append(char c) => buffer[_length++] = c;

        public void Append(ReadOnlySpan<char> s)
        {
            s.CopyTo(buffer.AsSpan(_length));
            _length += s.Length;
        }
    }

    private bool HasLongWord(ReadOnlySpan<char> line)
    {
        if (line.Length <= options.MaxWordLength) return false;
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && PyText.IsSpace(line[i])) i++;
            int start = i;
            while (i < line.Length && !PyText.IsSpace(line[i])) i++;
            if (i - start > options.MaxWordLength && PyText.Length(line[start..i]) > options.MaxWordLength) return true;
        }
        return false;
    }

    /// <summary>Whether the line has fewer than <paramref name="minimum"/> whitespace-separated words; stops counting
    /// at the minimum.</summary>
    private static bool HasFewerWords(ReadOnlySpan<char> line, int minimum)
    {
        int count = 0, i = 0;
        while (i < line.Length && count < minimum)
        {
            while (i < line.Length && PyText.IsSpace(line[i])) i++;
            if (i < line.Length) count++;
            while (i < line.Length && !PyText.IsSpace(line[i])) i++;
        }
        return count < minimum;
    }

    private static bool EndsWithTerminal(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] is '.' or '?' or '!' or '"' or '\'' && !line.EndsWith("...", StringComparison.Ordinal);

    private static bool ContainsPolicy(ReadOnlySpan<char> line)
    {
        foreach (string p in PolicySubstrings)
            if (line.Contains(p, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
