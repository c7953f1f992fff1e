using System.Text;
using DataPipe.Core.Classification.FastText;

namespace DataPipe.Core.Classification.Training;

/// <summary>
/// Every document as the input rows and labels fastText's <c>getLine</c> gives it, computed once (fastText
/// re-tokenizes each epoch) in fixed contiguous slices, one per thread, joined in document order: the result does
/// not depend on the thread count.
/// </summary>
internal sealed class TokenizedCorpus
{
    private TokenizedCorpus(int[] rows, int[] rowStart, int[] labels, int[] labelStart, int[] tokens)
    {
        Rows = rows;
        RowStart = rowStart;
        LabelIds = labels;
        LabelStart = labelStart;
        TokenCounts = tokens;
    }

    public int[] Rows { get; }
    public int[] RowStart { get; }
    public int[] LabelIds { get; }
    public int[] LabelStart { get; }

    /// <summary>Tokens fastText's <c>getLine</c> counts per document (words, labels, the closing <c>&lt;/s&gt;</c>).</summary>
    public int[] TokenCounts { get; }

    public int Count => TokenCounts.Length;

    public ReadOnlySpan<int> InputRows(int doc) => Rows.AsSpan(RowStart[doc], RowStart[doc + 1] - RowStart[doc]);

    public ReadOnlySpan<int> Labels(int doc) => LabelIds.AsSpan(LabelStart[doc], LabelStart[doc + 1] - LabelStart[doc]);

    public static TokenizedCorpus Build(LabelledCorpus corpus, FastTextDictionary dictionary, int threads)
    {
        int n = corpus.Count;
        int slices = Math.Clamp(threads, 1, Math.Max(1, n));
        var parts = new Slice[slices];
        Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = slices }, s =>
            parts[s] = Slice.Tokenize(corpus, dictionary, (int)((long)n * s / slices), (int)((long)n * (s + 1) / slices)));

        var rows = new int[parts.Sum(p => p.Rows.Count)];
        var labels = new int[parts.Sum(p => p.Labels.Count)];
        var rowStart = new int[n + 1];
        var labelStart = new int[n + 1];
        var tokens = new int[n];
        int doc = 0, rowAt = 0, labelAt = 0;
        foreach (var part in parts)
        {
            part.Rows.Span.CopyTo(rows.AsSpan(rowAt));
            part.Labels.Span.CopyTo(labels.AsSpan(labelAt));
            for (int i = 0; i < part.Tokens.Count; i++, doc++)
            {
                rowStart[doc] = rowAt + part.RowStart[i];
                labelStart[doc] = labelAt + part.LabelStart[i];
                tokens[doc] = part.Tokens[i];
            }
            rowAt += part.Rows.Count;
            labelAt += part.Labels.Count;
            part.Dispose();
        }
        rowStart[n] = rowAt;
        labelStart[n] = labelAt;
        return new TokenizedCorpus(rows, rowStart, labels, labelStart, tokens);
    }

    private sealed class Slice : IDisposable
    {
        public IdBuffer Rows { get; } = new(1 << 16);
        public IdBuffer Labels { get; } = new(1024);
        public List<int> RowStart { get; } = [];
        public List<int> LabelStart { get; } = [];
        public List<int> Tokens { get; } = [];

        public static Slice Tokenize(LabelledCorpus corpus, FastTextDictionary dictionary, int from, int to)
        {
            var slice = new Slice();
            using var ids = new IdBuffer(1024);
            using var hashes = new IdBuffer(256);
            byte[] bounded = new byte[256];
            byte[] labelBytes = new byte[256];
            for (int doc = from; doc < to; doc++)
            {
                FastTextTokenizer.Tokenize(dictionary, corpus.Text(doc), ids, hashes, ref bounded);
                slice.RowStart.Add(slice.Rows.Count);
                slice.LabelStart.Add(slice.Labels.Count);
                slice.Rows.AddRange(ids.Span);
                int labelsOnLine = 0;
                foreach (string label in corpus.Labels(doc))
                {
                    labelsOnLine++;
                    int length = Encoding.UTF8.GetByteCount(label);
                    if (labelBytes.Length < length) labelBytes = new byte[length * 2];
                    Encoding.UTF8.GetBytes(label, labelBytes);
                    var token = labelBytes.AsSpan(0, length);
                    int id = dictionary.Find(token, FastTextHash.Hash(token));
                    // A label under min_count_label is gone from the dictionary; fastText skips it the same way.
                    if (id >= 0 && dictionary.IsLabel(id)) slice.Labels.Add(id - dictionary.WordCount);
                }
                slice.Tokens.Add(hashes.Count + labelsOnLine);
            }
            return slice;
        }

        public void Dispose()
        {
            Rows.Dispose();
            Labels.Dispose();
        }
    }
}
