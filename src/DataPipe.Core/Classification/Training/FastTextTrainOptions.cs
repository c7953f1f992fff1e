using DataPipe.Core.Config.Binding;

namespace DataPipe.Core.Classification.Training;

/// <summary>
/// <c>datapipe classifier train</c>: fastText's supervised options. Defaults are DCLM's quality classifier
/// (mlfoundations/dclm baselines/train_fasttext_classifier.py: lr 0.1, dim 100, epoch 5, minCount 1; its README
/// trains with <c>--wordNgrams 2</c>, the "bigram" in the released model's name); the rest are fastText's own.
/// </summary>
public sealed record FastTextTrainOptions : IValidatedOptions
{
    [Help("JSONL field holding the document text")]
    public string TextField { get; init; } = "text";

    [Help("JSONL field holding the label (a string or a list of strings; __label__ is added when missing)")]
    public string LabelField { get; init; } = "label";

    [Range(1, 1024), Help("Size of the word vectors")]
    public int Dim { get; init; } = 100;

    [Range(1, 10_000), Help("Passes over the data")]
    public int Epoch { get; init; } = 5;

    [Range(1e-6, 100), Help("Initial learning rate (decays linearly to 0)")]
    public double Lr { get; init; } = 0.1;

    [Range(1, 10), FlagAlias("wordNgrams"), Help("Longest word n-gram (hashed into buckets)")]
    public int WordNgrams { get; init; } = 2;

    [Range(0, 100), Help("Shortest character n-gram (0 = none)")]
    public int Minn { get; init; }

    [Range(0, 100), Help("Longest character n-gram (0 = none)")]
    public int Maxn { get; init; }

    [Range(0, 100_000_000), Help("Hash buckets for word and character n-grams")]
    public int Bucket { get; init; } = 2_000_000;

    [Choice("softmax", "hs", "ova"), Help("softmax | hs (hierarchical softmax) | ova (one-vs-all)")]
    public string Loss { get; init; } = "softmax";

    [Range(1, 256), Help("Threads that read and tokenize the data (SGD itself is one thread, so results are deterministic)")]
    public int Thread { get; init; } = Math.Max(1, Environment.ProcessorCount);

    [Range(int.MinValue, int.MaxValue), Help("Seed of the initial weights and of the label choice for multi-label lines")]
    public int Seed { get; init; }

    [Range(1, int.MaxValue), FlagAlias("minCount"), Help("Words seen fewer times are left out of the vocabulary")]
    public int MinCount { get; init; } = 1;

    [Range(0, int.MaxValue), Help("Labels seen fewer times are left out")]
    public int MinCountLabel { get; init; }

    [Range(1, int.MaxValue), Help("Tokens between learning-rate updates")]
    public int LrUpdateRate { get; init; } = 100;

    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (Maxn > 0 && Minn < 1) yield return ("minn", "must be at least 1 when maxn is set");
        if (Maxn > 0 && Maxn < Minn) yield return ("maxn", $"must be at least minn ({Minn})");
        if (string.IsNullOrWhiteSpace(TextField)) yield return ("text_field", "must name a field");
        if (string.IsNullOrWhiteSpace(LabelField)) yield return ("label_field", "must name a field");
    }
}
