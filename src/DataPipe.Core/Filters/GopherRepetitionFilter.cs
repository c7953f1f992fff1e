using System.Globalization;
using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>Gopher repetition rules (Gopher App. A Table A1; datatrove GopherRepetitionFilter), checked in table order.
/// Every option is named after the rule it sets.</summary>
public sealed class GopherRepetitionFilter(
    string name, IReadOnlyDictionary<string, double> thresholds, RuleSwitches rules, WordSplit wordSplit = WordSplit.Spacy)
    : DocumentFilter(name, Reasons)
{
    public const string DupParaFrac = "dup_para_frac";
    public const string DupParaCharFrac = "dup_para_char_frac";
    public const string DupLineFrac = "dup_line_frac";
    public const string DupLineCharFrac = "dup_line_char_frac";

    public static readonly IReadOnlyList<(int N, double Threshold)> TopNGrams = [(2, 0.20), (3, 0.18), (4, 0.16)];
    public static readonly IReadOnlyList<(int N, double Threshold)> DupNGrams =
        [(5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)];

    public static readonly IReadOnlyDictionary<string, double> Defaults = BuildDefaults();

    public static readonly IReadOnlyList<string> Reasons = [.. Defaults.Keys];

    private readonly double[] _thresholds = [.. Reasons.Select(r => thresholds[r])];

    public static string TopReason(int n) => string.Create(CultureInfo.InvariantCulture, $"top_{n}_gram");

    public static string DupReason(int n) => string.Create(CultureInfo.InvariantCulture, $"duplicated_{n}_n_grams");

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        var thresholds = Defaults.ToDictionary(kv => kv.Key, kv => o.GetDouble(kv.Key, kv.Value, 0, 1), StringComparer.Ordinal);
        return new GopherRepetitionFilter(context.StageName, thresholds, RuleSwitches.Read(o, Reasons), WordSplitOption.Read(o));
    }

    protected override string? Check(Document document, TextView text, Counters counters) => Evaluate(text);

    public string? Evaluate(TextView view)
    {
        var text = view.Text.AsSpan();
        double length = view.CodePoints;
        var dup = view.Scratch<Duplicates>();

        dup.Reset();
        foreach (var para in new ParagraphSplit(PyText.Strip(text), minBreak: 2)) dup.Add(para);
        if (Fails(0, dup.DuplicateElements, dup.Elements)) return Reasons[0];
        if (Fails(1, dup.DuplicateChars, length)) return Reasons[1];

        dup.Reset();
        foreach (var line in new ParagraphSplit(text, minBreak: 1)) dup.Add(line);
        if (Fails(2, dup.DuplicateElements, dup.Elements)) return Reasons[2];
        if (Fails(3, dup.DuplicateChars, length)) return Reasons[3];

        bool anyNGramRule = false;
        for (int r = 4; r < Reasons.Count; r++) anyNGramRule |= rules.On(Reasons[r]);
        if (!anyNGramRule || length == 0) return null;

        var ngrams = view.Scratch<NGramKeys>().Load(text, view.Words(wordSplit));
        int firstDuplicateRule = 4 + TopNGrams.Count;
        // Indexed loops: a foreach over the IReadOnlyList would allocate an enumerator per document.
        for (int k = 0; k < TopNGrams.Count; k++)
        {
            int rule = 4 + k, n = TopNGrams[k].N;
            if (rules.On(Reasons[rule]) && ngrams.Bounds.TopNGramCharsBound(n) / length > _thresholds[rule]
                && ngrams.Exact.TopNGramChars(n) / length > _thresholds[rule]) return Reasons[rule];
        }
        for (int k = 0; k < DupNGrams.Count; k++)
        {
            int rule = firstDuplicateRule + k, n = DupNGrams[k].N;
            if (rules.On(Reasons[rule]) && ngrams.Bounds.DuplicateNGramCharsBound(n) / length > _thresholds[rule]
                && ngrams.Exact.DuplicateNGramChars(n) / length > _thresholds[rule]) return Reasons[rule];
        }
        return null;
    }

    private bool Fails(int rule, double numerator, double denominator) =>
        rules.On(Reasons[rule]) && denominator > 0 && numerator / denominator > _thresholds[rule];

    private static IReadOnlyDictionary<string, double> BuildDefaults()
    {
        var d = new OrderedDictionary<string, double>(StringComparer.Ordinal)
        {
            [DupParaFrac] = 0.30, [DupParaCharFrac] = 0.20, [DupLineFrac] = 0.30, [DupLineCharFrac] = 0.20,
        };
        foreach (var (n, t) in TopNGrams) d[TopReason(n)] = t;
        foreach (var (n, t) in DupNGrams) d[DupReason(n)] = t;
        return d;
    }
}

/// <summary>Python <c>re.split(r"\n{k,}", text)</c> for k = minBreak: elements between runs of at least k newlines
/// (shorter runs stay inside the element). Empty elements at the ends are kept, as Python does.</summary>
public ref struct ParagraphSplit(ReadOnlySpan<char> text, int minBreak)
{
    private readonly ReadOnlySpan<char> _text = text;
    private int _pos;
    private bool _done;

    public ReadOnlySpan<char> Current { get; private set; }

    public readonly ParagraphSplit GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_done) return false;
        int search = _pos;
        while (true)
        {
            int i = _text[search..].IndexOf('\n');
            if (i < 0)
            {
                Current = _text[_pos..];
                _done = true;
                return true;
            }
            int runStart = search + i;
            int runEnd = runStart;
            while (runEnd < _text.Length && _text[runEnd] == '\n') runEnd++;
            if (runEnd - runStart >= minBreak)
            {
                Current = _text[_pos..runStart];
                _pos = runEnd;
                return true;
            }
            search = runEnd;
        }
    }
}
