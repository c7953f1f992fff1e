using DataPipe.Core.Classification.FastText;
using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Classification.Quality;

/// <summary>
/// <c>quality_classifier</c> with <c>min_score</c> (or no cut at all): each document is scored on its own, the score
/// goes into <c>quality_score</c>, and documents under <c>min_score</c> are dropped (reason <c>quality_score</c>).
/// <c>keep_top_fraction</c> needs every score first, so that form is the global <see cref="QualityTopFractionStage"/>.
/// </summary>
public sealed class QualityClassifierStage(string name, FastTextModel model, int label, double minScore) : IDocumentStage, IDeclaresDropReasons
{
    public const string Type = "quality_classifier";
    public const string DropReason = "quality_score";

    public string Name { get; } = name;

    public IReadOnlyList<string> DropReasons { get; } = [DropReason];

    public static void Register(StageCatalog catalog) => catalog.Add(Type, Create);

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        var options = OptionBinder.BindAll<QualityClassifierOptions>(o);
        var model = ModelFile.Load(o, "model", options.Model, null, context.PipelineFile, "");
        int label = LabelOf(o, model, options.Label!);
        return options.KeepTopFraction is { } fraction
            ? new QualityTopFractionStage(context.StageName, model, label, fraction)
            : new QualityClassifierStage(context.StageName, model, label, options.MinScore ?? 0);
    }

    private static int LabelOf(OptionsNode o, FastTextModel model, string given)
    {
        string wanted = given.StartsWith(FastTextDictionary.LabelPrefix, StringComparison.Ordinal) ? given : FastTextDictionary.LabelPrefix + given;
        for (int i = 0; i < model.LabelCount; i++)
            if (model.LabelName(i) == wanted) return i;
        var known = Enumerable.Range(0, model.LabelCount).Select(model.ShortLabelName);
        throw o.Error("label", $"'{given}' is not a label of {Path.GetFileName(model.Path)} (it has: {string.Join(", ", known)})");
    }

    public IDocumentStep Open(StepContext context) => new Step(new QualityScorer(model, label), minScore);

    private sealed class Step(QualityScorer scorer, double minScore) : IDocumentStep
    {
        public StepResult Process(Document document, TextView text)
        {
            float score = scorer.Score(document.Text);
            if (score < minScore) return StepResult.Drop(DropReason);
            return StepResult.Keep(WithScore(document, score));
        }

        public void Complete() { }

        public void Dispose() => scorer.Dispose();
    }

    internal static Document WithScore(Document document, float score) =>
        document.WithMetadata(QualityScorer.MetadataKey, QualityScorer.Format(score));
}
