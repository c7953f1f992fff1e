namespace DataPipe.Core.Classification.FastText;

/// <summary>fastText's <c>loss</c> argument, with the numbers its model files store.</summary>
public enum FastTextLoss
{
    HierarchicalSoftmax = 1,
    NegativeSampling = 2,
    Softmax = 3,
    OneVsAll = 4,
}

/// <summary>fastText's <c>model</c> argument, with the numbers its model files store.</summary>
public enum FastTextModelKind
{
    Cbow = 1,
    SkipGram = 2,
    Supervised = 3,
}

/// <summary>The training arguments a model file stores in its header; prediction needs only some of them.</summary>
public sealed record FastTextArgs
{
    public required int Dim { get; init; }
    public required int WindowSize { get; init; }
    public required int Epoch { get; init; }
    public required int MinCount { get; init; }
    public required int Negatives { get; init; }
    public required int WordNgrams { get; init; }
    public required FastTextLoss Loss { get; init; }
    public required FastTextModelKind Model { get; init; }
    public required int Bucket { get; init; }
    public required int MinN { get; init; }
    public required int MaxN { get; init; }
    public required int LrUpdateRate { get; init; }
    public required double SamplingThreshold { get; init; }
}
