namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// One predicted label. <see cref="Probability"/> is what fastText prints: <c>exp(log(p + 1e-5))</c>, so it carries
/// fastText's 1e-5 smoothing (a certain label scores 1.00001).
/// </summary>
public readonly record struct FastTextPrediction(int Label, float Probability);
