using System.Text;

namespace DataPipe.Core.Classification.FastText.Reference;

/// <summary>
/// The plain version of the engine's tuned parts, written the way fastText's C++ reads, for the tests to compare
/// against: words as byte arrays, a string-keyed dictionary, every n-gram copied out and hashed from scratch, the
/// prune index as a hash map, quantized rows decoded element by element. Slow and allocating by design.
/// </summary>
public sealed class ReferenceFastText
{
    private readonly FastTextModel _model;
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public ReferenceFastText(FastTextModel model)
    {
        _model = model;
        for (int i = 0; i < model.Dictionary.Size; i++) _ids[Key(model.Dictionary.Entry(i))] = i;
    }

    // Latin-1 maps each byte to one char, so byte strings compare as strings.
    private static string Key(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>fastText's <c>readWord</c> over a line that ends in a newline: the words, then <c>&lt;/s&gt;</c>.</summary>
    public static List<byte[]> Words(byte[] line)
    {
        var words = new List<byte[]>();
        var word = new List<byte>();
        foreach (byte c in line.Append((byte)'\n'))
        {
            bool separator = c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0B or 0x0C or 0;
            if (!separator)
            {
                word.Add(c);
                continue;
            }
            if (word.Count > 0)
            {
                words.Add([.. word]);
                word.Clear();
            }
            if (c == (byte)'\n')
            {
                words.Add("</s>"u8.ToArray());
                break;
            }
        }
        return words;
    }

    public List<int> InputRows(byte[] line)
    {
        var dict = _model.Dictionary;
        var args = _model.Args;
        var rows = new List<int>();
        var hashes = new List<int>();
        foreach (byte[] word in Words(line))
        {
            uint h = FastTextHash.Hash(word);
            int id = _ids.TryGetValue(Key(word), out int found) ? found : -1;
            bool label = id >= 0 ? dict.IsLabel(id) : Key(word).StartsWith("__label__", StringComparison.Ordinal);
            if (label) continue;
            bool eos = Key(word) == "</s>";
            if (id >= 0)
            {
                rows.Add(id);
                if (args.MaxN > 0 && !eos) rows.AddRange(CharNgrams(word));
            }
            else if (!eos)
            {
                rows.AddRange(CharNgrams(word));
            }
            hashes.Add((int)h);
        }
        for (int i = 0; i < hashes.Count; i++)
        {
            ulong h = (ulong)(long)hashes[i];
            for (int j = i + 1; j < hashes.Count && j < i + args.WordNgrams; j++)
            {
                h = h * 116049371 + (ulong)(long)hashes[j];
                Push(rows, (int)(h % (ulong)args.Bucket));
            }
        }
        return rows;
    }

    private List<int> CharNgrams(byte[] word)
    {
        var args = _model.Args;
        byte[] bounded = [(byte)'<', .. word, (byte)'>'];
        var rows = new List<int>();
        for (int i = 0; i < bounded.Length; i++)
        {
            if ((bounded[i] & 0xC0) == 0x80) continue;
            var ngram = new List<byte>();
            int j = i;
            for (int n = 1; j < bounded.Length && n <= args.MaxN; n++)
            {
                ngram.Add(bounded[j++]);
                while (j < bounded.Length && (bounded[j] & 0xC0) == 0x80) ngram.Add(bounded[j++]);
                if (n >= args.MinN && !(n == 1 && (i == 0 || j == bounded.Length)))
                    Push(rows, (int)(FastTextHash.Hash([.. ngram]) % (uint)args.Bucket));
            }
        }
        return rows;
    }

    private void Push(List<int> rows, int bucket)
    {
        var dict = _model.Dictionary;
        if (dict.PruneSize == 0 || bucket < 0) return;
        if (dict.PruneSize > 0)
        {
            if (!dict.PruneIndex.TryGetValue(bucket, out int kept)) return;
            bucket = kept;
        }
        rows.Add(dict.WordCount + bucket);
    }

    /// <summary>The mean of the input rows, each row decoded to a plain float array first.</summary>
    public float[] Hidden(List<int> rows)
    {
        var hidden = new float[_model.Args.Dim];
        foreach (int row in rows)
        {
            float[] values = DecodeRow(_model.Input, row);
            for (int d = 0; d < hidden.Length; d++) hidden[d] += values[d];
        }
        float scale = (float)(1.0 / rows.Count);
        for (int d = 0; d < hidden.Length; d++) hidden[d] *= scale;
        return hidden;
    }

    private static float[] DecodeRow(IFastTextMatrix matrix, int row)
    {
        if (matrix is DenseMatrix dense) return dense.Row(row).ToArray();
        var quantized = (QuantizedMatrix)matrix;
        var pq = quantized.Quantizer;
        ReadOnlySpan<byte> codes = quantized.Codes(row);
        float norm = quantized.Norm(row);
        var values = new float[quantized.Columns];
        for (int d = 0; d < values.Length; d++)
        {
            int slice = Math.Min(d / pq.SliceDim, pq.Slices - 1);
            values[d] = norm * pq.Centroid(slice, codes[slice])[d - slice * pq.SliceDim];
        }
        return values;
    }
}
