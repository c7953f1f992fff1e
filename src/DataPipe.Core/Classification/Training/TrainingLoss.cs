using DataPipe.Core.Classification.FastText;

namespace DataPipe.Core.Classification.Training;

/// <summary>
/// The output half of fastText's SGD step (<c>Loss::forward</c> with backprop): scores the hidden vector, adds the
/// gradient for the input rows into <c>grad</c> and updates the output rows in place. Returns the example's loss.
/// </summary>
internal abstract class TrainingLoss(float[] output, int dim)
{
    protected float[] Output { get; } = output;
    protected int Dim { get; } = dim;

    protected Span<float> Row(int row) => Output.AsSpan(row * Dim, Dim);

    public abstract float Update(ReadOnlySpan<float> hidden, Span<float> grad, ReadOnlySpan<int> targets, int targetIndex, float lr);

    /// <summary>fastText's <c>binaryLogistic</c>: one sigmoid unit pushed towards <paramref name="positive"/>.</summary>
    protected float BinaryLogistic(int row, ReadOnlySpan<float> hidden, Span<float> grad, bool positive, float lr)
    {
        Span<float> w = Row(row);
        float score = SigmoidTable.Sigmoid(VectorMath.Dot(w, hidden));
        float alpha = lr * ((positive ? 1f : 0f) - score);
        VectorMath.AddScaled(grad, w, alpha);
        VectorMath.AddScaled(w, hidden, alpha);
        return -MathF.Log((positive ? score : 1f - score) + 1e-5f);
    }

    public static TrainingLoss Create(FastTextLoss loss, float[] output, int dim, FastTextDictionary dictionary) => loss switch
    {
        FastTextLoss.Softmax => new SoftmaxLoss(output, dim, dictionary.LabelCount),
        FastTextLoss.OneVsAll => new OneVsAllLoss(output, dim, dictionary.LabelCount),
        FastTextLoss.HierarchicalSoftmax => new HierarchicalSoftmaxLoss(output, dim, new HuffmanTree(dictionary.LabelCounts())),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "supervised training supports softmax, hs and ova"),
    };
}

/// <summary><c>loss softmax</c>: every label row moves by <c>lr · (1[target] − p)</c>.</summary>
internal sealed class SoftmaxLoss(float[] output, int dim, int labels) : TrainingLoss(output, dim)
{
    private readonly float[] _p = new float[labels];

    public override float Update(ReadOnlySpan<float> hidden, Span<float> grad, ReadOnlySpan<int> targets, int targetIndex, float lr)
    {
        Span<float> p = _p;
        float max = float.MinValue, z = 0f;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = VectorMath.Dot(Row(i), hidden);
            max = Math.Max(max, p[i]);
        }
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = MathF.Exp(p[i] - max);
            z += p[i];
        }
        for (int i = 0; i < p.Length; i++) p[i] /= z;
        int target = targets[targetIndex];
        for (int i = 0; i < p.Length; i++)
        {
            float alpha = lr * ((i == target ? 1f : 0f) - p[i]);
            Span<float> w = Row(i);
            VectorMath.AddScaled(grad, w, alpha);
            VectorMath.AddScaled(w, hidden, alpha);
        }
        return -MathF.Log(p[target] + 1e-5f);
    }
}

/// <summary><c>loss ova</c>: an independent binary unit per label, positive for every label of the document.</summary>
internal sealed class OneVsAllLoss(float[] output, int dim, int labels) : TrainingLoss(output, dim)
{
    public override float Update(ReadOnlySpan<float> hidden, Span<float> grad, ReadOnlySpan<int> targets, int targetIndex, float lr)
    {
        float loss = 0f;
        for (int i = 0; i < labels; i++) loss += BinaryLogistic(i, hidden, grad, targets.Contains(i), lr);
        return loss;
    }
}

/// <summary><c>loss hs</c>: binary units along the target label's path in the Huffman tree.</summary>
internal sealed class HierarchicalSoftmaxLoss : TrainingLoss
{
    private readonly int[][] _rows;
    private readonly bool[][] _codes;

    public HierarchicalSoftmaxLoss(float[] output, int dim, HuffmanTree tree) : base(output, dim)
    {
        _rows = new int[tree.Labels][];
        _codes = new bool[tree.Labels][];
        for (int label = 0; label < tree.Labels; label++) (_rows[label], _codes[label]) = tree.PathToRoot(label);
    }

    public override float Update(ReadOnlySpan<float> hidden, Span<float> grad, ReadOnlySpan<int> targets, int targetIndex, float lr)
    {
        int target = targets[targetIndex];
        float loss = 0f;
        for (int i = 0; i < _rows[target].Length; i++) loss += BinaryLogistic(_rows[target][i], hidden, grad, _codes[target][i], lr);
        return loss;
    }
}
