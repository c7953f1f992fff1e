using DataPipe.Core.Config.Binding;

namespace DataPipe.Core.Classification.Quality;

/// <summary>The <c>quality_classifier</c> stage's options (docs/quality.md).</summary>
public sealed record QualityClassifierOptions : IValidatedOptions
{
    /// <summary>A fastText model (.bin or .ftz); relative paths as <c>language_id</c> resolves them.</summary>
    public string? Model { get; init; }

    /// <summary>The label whose probability is the score, with or without <c>__label__</c> (e.g. <c>hq</c>).</summary>
    public string? Label { get; init; }

    /// <summary>Drop documents scoring below this (reason <c>quality_score</c>).</summary>
    [Range(0, 1.00001)]
    public double? MinScore { get; init; }

    /// <summary>Keep only this fraction of the corpus, best scores first (DCLM keeps 0.1): a global cut.</summary>
    [Range(0, 1)]
    public double? KeepTopFraction { get; init; }

    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (string.IsNullOrWhiteSpace(Model)) yield return ("model", "is required: a fastText model file (.bin or .ftz)");
        if (string.IsNullOrWhiteSpace(Label)) yield return ("label", "is required: the label to score, e.g. hq or __label__hq");
        if (MinScore is not null && KeepTopFraction is not null) yield return ("keep_top_fraction", "give min_score or keep_top_fraction, not both");
    }
}
