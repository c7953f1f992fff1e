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
internal sealed class SigmoidOutput : OutputLayer
{
    private const int TableSize = 512;
    private const int MaxSigmoid = 8;
    private readonly float[] _table = new float[TableSize + 1];

    public SigmoidOutput(IFastTextMatrix output) : base(output)
    {
        for (int i = 0; i <= TableSize; i++)
        {
            float x = (float)(i * 2 * MaxSigmoid) / TableSize - MaxSigmoid;
            _table[i] = (float)(1.0 / (1.0 + MathF.Exp(-x)));
        }
    }

    public float Sigmoid(float x)
    {
        if (x < -MaxSigmoid) return 0f;
        if (x > MaxSigmoid) return 1f;
        return _table[(long)((x + MaxSigmoid) * TableSize / MaxSigmoid / 2)];
    }

    public override void Predict(ReadOnlySpan<float> hidden, float threshold, KBest best, Span<float> scratch)
    {
        Span<float> o = scratch[..Labels];
        for (int i = 0; i < o.Length; i++) o[i] = Sigmoid(Output.DotRow(hidden, i));
        KeepBest(o, threshold, best);
    }
}

/// <summary>
/// <c>loss hs</c>: a Huffman tree over the label counts; a depth-first walk that multiplies the branch
/// probabilities and prunes branches already below the threshold or the k-th best, as fastText's <c>dfs</c>.
/// </summary>
internal sealed class HierarchicalSoftmaxOutput : OutputLayer
{
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly int _labels;

    public HierarchicalSoftmaxOutput(IFastTextMatrix output, long[] counts) : base(output)
    {
        _labels = counts.Length;
        if (_labels == 0) throw new InvalidDataException("a hierarchical-softmax model without labels");
        if (output.Rows < _labels - 1) throw new InvalidDataException($"hierarchical softmax needs {_labels - 1} output rows, the model has {output.Rows}");
        int nodes = 2 * _labels - 1;
        var count = new long[nodes];
        _left = new int[nodes];
        _right = new int[nodes];
        Array.Fill(_left, -1);
        Array.Fill(_right, -1);
        Array.Fill(count, (long)1e15);
        counts.CopyTo(count, 0);
        // Labels are sorted by count, most frequent first: the two queues (leaves from the rare end, inner nodes in
        // creation order) give the Huffman tree without a priority queue.
        int leaf = _labels - 1, node = _labels;
        Span<int> two = stackalloc int[2];
        for (int i = _labels; i < nodes; i++)
        {
            for (int j = 0; j < 2; j++)
                two[j] = leaf >= 0 && count[leaf] < count[node] ? leaf-- : node++;
            _left[i] = two[0];
            _right[i] = two[1];
            count[i] = count[two[0]] + count[two[1]];
        }
    }

    public override void Predict(ReadOnlySpan<float> hidden, float threshold, KBest best, Span<float> scratch) =>
        Walk(hidden, SmoothedLog(threshold), 2 * _labels - 2, 0f, best);

    private void Walk(ReadOnlySpan<float> hidden, float logThreshold, int node, float score, KBest best)
    {
        if (score < logThreshold) return;
        if (best.Refuses(score)) return;
        if (_left[node] == -1 && _right[node] == -1)
        {
            best.Offer(score, node);
            return;
        }
        float f = Output.DotRow(hidden, node - _labels);
        f = (float)(1.0 / (1f + MathF.Exp(-f)));
        Walk(hidden, logThreshold, _left[node], score + SmoothedLog((float)(1.0 - f)), best);
        Walk(hidden, logThreshold, _right[node], score + SmoothedLog(f), best);
    }
}
