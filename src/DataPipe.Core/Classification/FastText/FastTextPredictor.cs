using System.Buffers;
using System.Text;

namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// Predicts with one model on one thread: owns every buffer a prediction needs (UTF-8 bytes, input rows, word
/// hashes, hidden and output vectors, the k-best list), so predicting allocates nothing. Make one per task.
/// </summary>
public sealed class FastTextPredictor : IDisposable
{
    private readonly FastTextModel _model;
    private readonly IdBuffer _ids = new(1024);
    private readonly IdBuffer _wordHashes = new(256);
    private readonly float[] _hidden;
    private readonly float[] _output;
    private readonly KBest _best = new(8);
    private readonly SubwordCache _subwords;
    private byte[] _utf8 = ArrayPool<byte>.Shared.Rent(4096);
    private byte[] _bounded = new byte[256];

    internal FastTextPredictor(FastTextModel model, int cachedWords = 1 << 17)
    {
        _model = model;
        _subwords = new SubwordCache(cachedWords);
        _hidden = new float[model.Args.Dim];
        _output = new float[Math.Max(1, model.LabelCount)];
    }

    /// <summary>The input rows of the last prediction (for tests and the reference comparison).</summary>
    public ReadOnlySpan<int> LastInputRows => _ids.Span;

    /// <summary>The hidden vector of the last prediction.</summary>
    public ReadOnlySpan<float> LastHidden => _hidden;

    /// <summary>How often the word cache filled and started again (tests).</summary>
    internal int CacheResets => _subwords.Resets;

    /// <summary>Predicts the k best labels of one line of text (UTF-16, encoded to UTF-8 as fastText reads it).</summary>
    /// <returns>How many predictions were written (0 for a line without a single input row, as fastText).</returns>
    public int Predict(ReadOnlySpan<char> line, Span<FastTextPrediction> into, float threshold = 0f)
    {
        int length = Encode(line);
        return PredictUtf8(_utf8.AsSpan(0, length), into, threshold);
    }

    /// <summary>
    /// Predicts for a whole document: fastText reads one document per line, so every newline becomes a space
    /// (as FineWeb and DCLM prepare text) instead of ending the document there. Done on the UTF-8 copy: no allocation.
    /// </summary>
    public int PredictDocument(ReadOnlySpan<char> text, Span<FastTextPrediction> into, float threshold = 0f)
    {
        int length = Encode(text);
        _utf8.AsSpan(0, length).Replace((byte)'\n', (byte)' ');
        return PredictUtf8(_utf8.AsSpan(0, length), into, threshold);
    }

    private int Encode(ReadOnlySpan<char> text)
    {
        int needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > _utf8.Length)
        {
            ArrayPool<byte>.Shared.Return(_utf8);
            _utf8 = ArrayPool<byte>.Shared.Rent(needed);
        }
        return Encoding.UTF8.GetBytes(text, _utf8);
    }

    /// <summary>Predicts the <c>into.Length</c> best labels of one line of UTF-8 text.</summary>
    public int PredictUtf8(ReadOnlySpan<byte> line, Span<FastTextPrediction> into, float threshold = 0f)
    {
        if (into.IsEmpty) throw new ArgumentException("ask for at least one prediction", nameof(into));
        FastTextTokenizer.Tokenize(_model.Dictionary, line, _ids, _wordHashes, ref _bounded, _subwords);
        ReadOnlySpan<int> rows = _ids.Span;
        if (rows.IsEmpty) return 0;
        ComputeHidden(rows);
        _best.Reset(into.Length);
        _model.OutputLayer.Predict(_hidden, threshold, _best, _output);
        return _best.CopyTo(into);
    }

    /// <summary>fastText's <c>computeHidden</c>: the mean of the input rows, summed in row order and scaled by the float of 1/n.</summary>
    private void ComputeHidden(ReadOnlySpan<int> rows)
    {
        Span<float> hidden = _hidden;
        hidden.Clear();
        IFastTextMatrix input = _model.Input;
        foreach (int row in rows) input.AddRowTo(hidden, row);
        float scale = (float)(1.0 / rows.Length);
        for (int i = 0; i < hidden.Length; i++) hidden[i] *= scale;
    }

    public void Dispose()
    {
        _ids.Dispose();
        _wordHashes.Dispose();
        if (_utf8.Length > 0) ArrayPool<byte>.Shared.Return(_utf8);
        _utf8 = [];
    }
}
