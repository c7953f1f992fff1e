using System.Globalization;
using System.Text;
using DataPipe.Core.Classification.FastText;
using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Classification;

/// <summary>
/// <c>language_id</c>: fastText language identification (default: lid.176.ftz, fetched by <c>make models</c>).
/// Newlines become spaces first (fastText reads one line per document), as FineWeb does. Writes
/// <c>language</c> and <c>language_score</c> (and with <c>top_k</c> &gt; 1, <c>language_top</c>) into the metadata,
/// keeps or drops by <c>keep</c> / <c>drop</c> (reason <c>language</c>) and <c>min_score</c> (reason
/// <c>language_score</c>), and counts documents and UTF-8 bytes per language (<c>docs.&lt;lang&gt;</c>,
/// <c>bytes.&lt;lang&gt;</c>) for the report.
/// </summary>
public sealed class LanguageIdStage : IDocumentStage, IDeclaresDropReasons
{
    public const string DropLanguage = "language";
    public const string DropScore = "language_score";
    public const string DefaultModel = "models/lid.176.ftz";
    public const string Unknown = "unknown";
    public const string MetadataKey = Filters.Multilingual.LanguageScope.MetadataKey;

    private readonly FastTextModel _model;
    private readonly HashSet<string>? _keep;
    private readonly HashSet<string> _drop;
    private readonly double _minScore;
    private readonly int _topK;
    // A predictor's word cache is worth keeping across the tasks of one process: a task takes one an earlier task
    // finished with (which one does not matter, the cache changes no prediction).
    private readonly System.Collections.Concurrent.ConcurrentBag<FastTextPredictor> _idle = [];
    private readonly string[] _docsCounter, _bytesCounter;

    public LanguageIdStage(string name, FastTextModel model, IReadOnlyCollection<string> keep, IReadOnlyCollection<string> drop, double minScore, int topK)
    {
        Name = name;
        _model = model;
        _keep = keep.Count > 0 ? new HashSet<string>(keep, StringComparer.Ordinal) : null;
        _drop = new HashSet<string>(drop, StringComparer.Ordinal);
        _minScore = minScore;
        _topK = topK;
        var languages = Enumerable.Range(0, model.LabelCount).Select(model.ShortLabelName).Append(Unknown).ToArray();
        _docsCounter = [.. languages.Select(l => "docs." + l)];
        _bytesCounter = [.. languages.Select(l => "bytes." + l)];
    }

    public string Name { get; }

    public IReadOnlyList<string> DropReasons { get; } = [DropLanguage, DropScore];

    public static void Register(StageCatalog catalog) => catalog.Add("language_id", Create);

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        var model = ModelFile.Load(o, "model", o.GetString("model"), DefaultModel, context.PipelineFile,
            $"the default model {DefaultModel} is missing: run `make models` (scripts/fetch-models.sh) or set model:");
        var keep = o.GetStringList("keep");
        var drop = o.GetStringList("drop");
        if (keep.Count > 0 && drop.Count > 0) throw o.Error("drop", "give keep: or drop:, not both");
        double minScore = o.GetDouble("min_score", 0, 0, 1);
        int topK = o.GetInt("top_k", 1, 1, Math.Max(1, model.LabelCount));
        return new LanguageIdStage(context.StageName, model, keep, drop, minScore, topK);
    }

    public IDocumentStep Open(StepContext context) =>
        new Step(this, context.Counters, _idle.TryTake(out var idle) ? idle : _model.CreatePredictor());

    /// <summary>The decision for one text, without a document (tests, tools): label, score and the drop reason or null.</summary>
    internal (string Language, float Score, string? Reason, int Count) Classify(FastTextPredictor predictor, ReadOnlySpan<char> text, Span<FastTextPrediction> best) =>
        Classify(predictor, text, best, out _);

    /// <param name="label">The label's number, or the model's label count for <see cref="Unknown"/>.</param>
    private (string Language, float Score, string? Reason, int Count) Classify(FastTextPredictor predictor, ReadOnlySpan<char> text, Span<FastTextPrediction> best, out int label)
    {
        int n = predictor.PredictDocument(text, best);
        label = n > 0 ? best[0].Label : _model.LabelCount;
        string language = n > 0 ? _model.ShortLabelName(best[0].Label) : Unknown;
        float score = n > 0 ? best[0].Probability : 0f;
        string? reason = (_keep is not null && !_keep.Contains(language)) || _drop.Contains(language) ? DropLanguage
            : score < _minScore ? DropScore
            : null;
        return (language, score, reason, n);
    }

    private sealed class Step(LanguageIdStage stage, Counters counters, FastTextPredictor predictor) : IDocumentStep
    {
        private readonly FastTextPrediction[] _best = new FastTextPrediction[stage._topK];

        public StepResult Process(Document document, TextView text)
        {
            var (language, score, reason, count) = stage.Classify(predictor, document.Text, _best, out int label);
            counters.Add(stage._docsCounter[label]);
            counters.Add(stage._bytesCounter[label], text.Utf8Length);
            if (reason is not null) return StepResult.Drop(reason);
            var metadata = new Dictionary<string, string>(document.Metadata, StringComparer.Ordinal)
            {
                [MetadataKey] = language,
                ["language_score"] = score.ToString("0.####", CultureInfo.InvariantCulture),
            };
            if (stage._topK > 1)
            {
                var top = new StringBuilder();
                foreach (var p in _best.AsSpan(0, count))
                {
                    if (top.Length > 0) top.Append(' ');
                    top.Append(stage._model.ShortLabelName(p.Label)).Append(':').Append(p.Probability.ToString("0.####", CultureInfo.InvariantCulture));
                }
                metadata["language_top"] = top.ToString();
            }
            return StepResult.Keep(document with { Metadata = metadata });
        }

        public void Complete() { }

        public void Dispose() => stage._idle.Add(predictor);
    }
}
