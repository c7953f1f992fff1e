using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Filters.Multilingual;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>FineWeb quality rules (Penedo et al. 2024 §3.6; datatrove FineWebQualityFilter), checked in table order.</summary>
public sealed class FineWebFilter(string name, FineWebFilter.Options options, RuleSwitches rules)
    : DocumentFilter(name, Reasons)
{
    public const string Empty = "empty";
    public const string LinePunctRatio = "line_punct_ratio";
    public const string ShortLineRatio = "short_line_ratio";
    public const string CharDupRatio = "char_dup_ratio";
    public const string ListRatio = "list_ratio";

    public static readonly IReadOnlyList<string> Reasons = [Empty, LinePunctRatio, ShortLineRatio, CharDupRatio, ListRatio];

    public sealed record Options : IValidatedOptions
    {
        // Keys as datatrove spells them.
        [Key("line_punct_thr"), Range(0, 1)] public double LinePunctThreshold { get; init; } = 0.12;
        public bool LinePunctExcludeZero { get; init; }
        [Key("short_line_thr"), Range(0, 1)] public double ShortLineThreshold { get; init; } = 0.67;
        [Range(0, 1_000_000)] public int ShortLineLength { get; init; } = 30;
        [Range(0, 1)] public double CharDuplicatesRatio { get; init; } = 0.01;
        [Range(0, 1000)] public double NewLineRatio { get; init; } = 0.3;
        public WordSplit WordSplit { get; init; } = WordSplit.Spacy;
        /// <summary>The languages these thresholds were made for; other languages pass untouched (<c>*</c>: all).</summary>
        public IReadOnlyList<string> Languages { get; init; } = ["en"];

        public IEnumerable<(string Key, string Problem)> Problems() => LanguageScope.Problems(Languages);
    }

    public override LanguageScope Languages { get; } = LanguageScope.From(options.Languages);

    public static IStage Create(OptionsNode o, StageBuildContext context) =>
        new FineWebFilter(context.StageName, OptionBinder.Bind<Options>(o), RuleSwitches.Read(o, Reasons));

    protected override string? Check(Document document, TextView text, Counters counters) => Evaluate(text);

    public string? Evaluate(TextView view)
    {
        var text = view.Text.AsSpan();
        int lines = 0, punct = 0, shortLines = 0;
        var dup = view.Scratch<Duplicates>();
        dup.Reset();
        foreach (var line in text.Split('\n'))
        {
            var l = text[line];
            if (PyText.Strip(l).IsEmpty) continue;
            lines++;
            if (Punctuation.IsTerminal(Punctuation.LastCodePoint(l))) punct++;
            if (PyText.Length(l) <= options.ShortLineLength) shortLines++;
            dup.Add(l);
        }
        if (lines == 0) return rules.On(Empty) ? Empty : null;

        double punctRatio = (double)punct / lines;
        if (rules.On(LinePunctRatio) && punctRatio < options.LinePunctThreshold
            && !(punctRatio == 0 && options.LinePunctExcludeZero)) return LinePunctRatio;
        if (rules.On(ShortLineRatio) && (double)shortLines / lines > options.ShortLineThreshold) return ShortLineRatio;

        int newLines = text.Count('\n');
        double charsWithoutNewLines = view.CodePoints - newLines;
        if (rules.On(CharDupRatio) && charsWithoutNewLines > 0 && dup.DuplicateChars / charsWithoutNewLines > options.CharDuplicatesRatio)
            return CharDupRatio;
        if (rules.On(ListRatio))
        {
            int words = view.Words(options.WordSplit).Count;
            double ratio = words > 0 ? (double)newLines / words : newLines > 0 ? double.PositiveInfinity : 0;
            if (ratio > options.NewLineRatio) return ListRatio;
        }
        return null;
    }
}
