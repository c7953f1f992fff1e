namespace DataPipe.Core.Classification.FastText;

/// <summary>The output half of a model: turns the hidden vector into the k best labels, as the model's loss does.</summary>
internal abstract class OutputLayer(IFastTextMatrix output)
{
    protected IFastTextMatrix Output { get; } = output;

    public int Labels => (int)Output.Rows;

    /// <param name="scratch">At least <see cref="Labels"/> floats, owned by the calling predictor.</param>
    public abstract void Predict(ReadOnlySpan<float> hidden, float threshold, KBest best, Span<float> scratch);

    /// <summary>fastText's <c>std_log</c>: <c>log(x + 1e-5)</c> in double, stored as float.</summary>
    public static float SmoothedLog(float x) => (float)Math.Log(x + 1e-5);

    /// <summary>fastText's <c>findKBest</c> over per-label probabilities.</summary>
    protected static void KeepBest(ReadOnlySpan<float> probabilities, float threshold, KBest best)
    {
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] < threshold) continue;
            float score = SmoothedLog(probabilities[i]);
            if (best.Refuses(score)) continue;
            best.Offer(score, i);
        }
    }

    public static OutputLayer Create(FastTextLoss loss, IFastTextMatrix output, FastTextDictionary dictionary) => loss switch
    {
        FastTextLoss.Softmax => new SoftmaxOutput(output),
        FastTextLoss.HierarchicalSoftmax => new HierarchicalSoftmaxOutput(output, dictionary.LabelCounts()),
        FastTextLoss.OneVsAll or FastTextLoss.NegativeSampling => new SigmoidOutput(output),
        _ => throw new InvalidDataException($"unknown fastText loss {(int)loss}"),
    };
}

/// <summary><c>loss softmax</c>: a softmax over all label scores.</summary>
internal sealed class SoftmaxOutput(IFastTextMatrix output) : OutputLayer(output)
{
    public override void Predict(ReadOnlySpan<float> hidden, float threshold, KBest best, Span<float> scratch)
    {
        Span<float> o = scratch[..Labels];
        for (int i = 0; i < o.Length; i++) o[i] = Output.DotRow(hidden, i);
        float max = o[0], z = 0f;
        for (int i = 0; i < o.Length; i++) max = Math.Max(o[i], max);
        for (int i = 0; i < o.Length; i++)
        {
            o[i] = MathF.Exp(o[i] - max);
            z += o[i];
        }
        for (int i = 0; i < o.Length; i++) o[i] /= z;
        KeepBest(o, threshold, best);
    }
}

/// <summary><c>loss ova</c> and <c>ns</c>: an independent sigmoid per label, through fastText's 512-entry table.</summary>
internal sealed class SigmoidOutput(IFastTextMatrix output) : OutputLayer(output)
{
    public override void Predict(ReadOnlySpan<float> hidden, float threshold, KBest best, Span<float> scratch)
    {
        Span<float> o = scratch[..Labels];
        for (int i = 0; i < o.Length; i++) o[i] = SigmoidTable.Sigmoid(Output.DotRow(hidden, i));
        KeepBest(o, threshold, best);
    }
}

/// <summary>
/// <c>loss hs</c>: a Huffman tree over the label counts; a depth-first walk that multiplies the branch
/// probabilities and prunes branches already below the threshold or the k-th best, as fastText's <c>dfs</c>.
/// </summary>
internal sealed class HierarchicalSoftmaxOutput : OutputLayer
{
    private readonly HuffmanTree _tree;

    public HierarchicalSoftmaxOutput(IFastTextMatrix output, long[] counts) : base(output)
    {
        _tree = new HuffmanTree(counts);
        if (output.Rows < _tree.Labels - 1) throw new InvalidDataException($"hierarchical softmax needs {_tree.Labels - 1} output rows, the model has {output.Rows}");
    }

    public override void Predict(ReadOnlySpan<float> hidden, float threshold, KBest best, Span<float> scratch) =>
        Walk(hidden, SmoothedLog(threshold), _tree.Root, 0f, best);

    private void Walk(ReadOnlySpan<float> hidden, float logThreshold, int node, float score, KBest best)
    {
        if (score < logThreshold) return;
        if (best.Refuses(score)) return;
        if (_tree.IsLeaf(node))
        {
            best.Offer(score, node);
            return;
        }
        float f = Output.DotRow(hidden, node - _tree.Labels);
        f = (float)(1.0 / (1f + MathF.Exp(-f)));
        Walk(hidden, logThreshold, _tree.Left(node), score + SmoothedLog((float)(1.0 - f)), best);
        Walk(hidden, logThreshold, _tree.Right(node), score + SmoothedLog(f), best);
    }
}
