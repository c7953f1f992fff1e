using System.Globalization;
using DataPipe.Core.Classification.FastText;

namespace DataPipe.Core.Classification.Quality;

/// <summary>
/// Scores documents with one label's probability, as the fastText CLI prints it for <c>predict-prob MODEL - k</c>
/// with k = every label (so the label always gets a probability; 0 when the text gives no input at all). One per task.
/// </summary>
internal sealed class QualityScorer(FastTextModel model, int label) : IDisposable
{
    public const string MetadataKey = "quality_score";

    private readonly FastTextPredictor _predictor = model.CreatePredictor();
    private readonly FastTextPrediction[] _all = new FastTextPrediction[model.LabelCount];

    public float Score(ReadOnlySpan<char> text)
    {
        int n = _predictor.PredictDocument(text, _all);
        foreach (var p in _all.AsSpan(0, n))
            if (p.Label == label) return p.Probability;
        return 0f;
    }

    /// <summary>Six significant decimals, as the CLI prints probabilities.</summary>
    public static string Format(float score) => score.ToString("0.######", CultureInfo.InvariantCulture);

    public void Dispose() => _predictor.Dispose();
}
