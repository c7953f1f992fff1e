namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// fastText's hierarchical-softmax tree: a Huffman tree over the label counts (labels sorted most frequent
/// first). Nodes 0..labels-1 are the leaves; inner node i uses output row i - labels. Prediction walks it from the
/// root; training follows each label's path to the root. Both must build the identical tree from the counts the
/// model file stores, so there is one builder.
/// </summary>
public sealed class HuffmanTree
{
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly int[] _parent;
    private readonly bool[] _binary;

    public HuffmanTree(ReadOnlySpan<long> counts)
    {
        Labels = counts.Length;
        if (Labels == 0) throw new InvalidDataException("a hierarchical-softmax model without labels");
        int nodes = 2 * Labels - 1;
        var count = new long[nodes];
        _left = new int[nodes];
        _right = new int[nodes];
        _parent = new int[nodes];
        _binary = new bool[nodes];
        Array.Fill(_left, -1);
        Array.Fill(_right, -1);
        Array.Fill(_parent, -1);
        Array.Fill(count, (long)1e15);
        counts.CopyTo(count);
        // Labels are sorted by count, most frequent first: the two queues (leaves from the rare end, inner nodes in
        // creation order) give the Huffman tree without a priority queue.
        int leaf = Labels - 1, node = Labels;
        Span<int> two = stackalloc int[2];
        for (int i = Labels; i < nodes; i++)
        {
            for (int j = 0; j < 2; j++)
                two[j] = leaf >= 0 && count[leaf] < count[node] ? leaf-- : node++;
            _left[i] = two[0];
            _right[i] = two[1];
            count[i] = count[two[0]] + count[two[1]];
            _parent[two[0]] = i;
            _parent[two[1]] = i;
            _binary[two[1]] = true;
        }
    }

    public int Labels { get; }

    public int Root => 2 * Labels - 2;

    public int Left(int node) => _left[node];

    public int Right(int node) => _right[node];

    public bool IsLeaf(int node) => _left[node] == -1 && _right[node] == -1;

    /// <summary>fastText's <c>paths_</c> and <c>codes_</c> of one label: the output rows from the leaf's parent up to
    /// the root, and whether the path went right (true) at each.</summary>
    public (int[] Rows, bool[] Codes) PathToRoot(int label)
    {
        var rows = new List<int>();
        var codes = new List<bool>();
        for (int j = label; _parent[j] != -1; j = _parent[j])
        {
            rows.Add(_parent[j] - Labels);
            codes.Add(_binary[j]);
        }
        return (rows.ToArray(), codes.ToArray());
    }
}
