using System.Numerics;
using DataPipe.Core.Classification.FastText;

namespace DataPipe.Core.Classification.Training;

/// <summary>
/// Counts words and labels as fastText's <c>Dictionary::readFromFile</c> does: every token read (the line end
/// <c>&lt;/s&gt;</c> included) adds one to its entry and to the token total; when the table passes 75 % of
/// fastText's 30M-entry limit, the rarest entries are pruned with a rising threshold. Keys are UTF-8 byte spans
/// looked up by the fastText hash, so counting allocates nothing per token.
/// </summary>
internal sealed class VocabularyCounter
{
    public const int MaxVocabularySize = 30_000_000;

    private byte[] _bytes = new byte[1 << 16];
    private int _used;
    private int[] _start = new int[1024];
    private int[] _length = new int[1024];
    private uint[] _hash = new uint[1024];
    private long[] _count = new long[1024];
    private bool[] _label = new bool[1024];
    private int[] _table = CreateTable(2048);
    private long _pruneThreshold = 1;

    public int Size { get; private set; }

    /// <summary>Every token counted, including those pruned later (fastText's <c>ntokens</c>).</summary>
    public long Tokens { get; private set; }

    public void Add(ReadOnlySpan<byte> token, bool isLabel)
    {
        Tokens++;
        uint h = FastTextHash.Hash(token);
        int slot = FindSlot(token, h);
        int id = _table[slot];
        if (id >= 0)
        {
            _count[id]++;
            return;
        }
        if (Size == _start.Length) GrowEntries();
        if (_used + token.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + token.Length));
        token.CopyTo(_bytes.AsSpan(_used));
        _start[Size] = _used;
        _length[Size] = token.Length;
        _hash[Size] = h;
        _count[Size] = 1;
        _label[Size] = isLabel;
        _used += token.Length;
        _table[slot] = Size++;
        if (Size * 2 > _table.Length) Rehash(_table.Length * 2);
        if (Size > 0.75 * MaxVocabularySize) Prune(++_pruneThreshold, _pruneThreshold);
    }

    private ReadOnlySpan<byte> Entry(int id) => _bytes.AsSpan(_start[id], _length[id]);

    private int FindSlot(ReadOnlySpan<byte> token, uint h)
    {
        int mask = _table.Length - 1;
        int slot = (int)(h & (uint)mask);
        while (_table[slot] >= 0 && !(_hash[_table[slot]] == h && Entry(_table[slot]).SequenceEqual(token))) slot = (slot + 1) & mask;
        return slot;
    }

    private static int[] CreateTable(int capacity)
    {
        var table = new int[capacity];
        Array.Fill(table, -1);
        return table;
    }

    private void Rehash(int capacity)
    {
        _table = CreateTable(capacity);
        int mask = capacity - 1;
        for (int id = 0; id < Size; id++)
        {
            int slot = (int)(_hash[id] & (uint)mask);
            while (_table[slot] >= 0) slot = (slot + 1) & mask;
            _table[slot] = id;
        }
    }

    private void GrowEntries()
    {
        int n = _start.Length * 2;
        Array.Resize(ref _start, n);
        Array.Resize(ref _length, n);
        Array.Resize(ref _hash, n);
        Array.Resize(ref _count, n);
        Array.Resize(ref _label, n);
    }

    /// <summary>Keeps entries seen at least the threshold's times (words and labels apart), in first-seen order.</summary>
    private void Prune(long minWord, long minLabel)
    {
        int kept = 0;
        for (int id = 0; id < Size; id++)
        {
            if (_count[id] < (_label[id] ? minLabel : minWord)) continue;
            _start[kept] = _start[id];
            _length[kept] = _length[id];
            _hash[kept] = _hash[id];
            _count[kept] = _count[id];
            _label[kept] = _label[id];
            kept++;
        }
        Size = kept;
        Rehash((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2048, kept * 2)));
    }

    /// <summary>
    /// fastText's <c>threshold</c> and the dictionary it leaves: entries under <paramref name="minCount"/> (words)
    /// or <paramref name="minCountLabel"/> (labels) dropped, words before labels, each by count, most frequent
    /// first. fastText's sort is unstable; equal counts here keep first-seen order, so the result is fixed.
    /// </summary>
    public FastTextDictionary ToDictionary(FastTextArgs args, long minCount, long minCountLabel)
    {
        var ids = Enumerable.Range(0, Size)
            .Where(id => _count[id] >= (_label[id] ? minCountLabel : minCount))
            .OrderBy(id => _label[id])
            .ThenByDescending(id => _count[id])
            .ToArray();
        int nwords = ids.Count(id => !_label[id]);
        var bytes = new byte[ids.Sum(id => _length[id])];
        var offsets = new int[ids.Length + 1];
        var isLabel = new bool[ids.Length];
        var counts = new long[ids.Length];
        int at = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            offsets[i] = at;
            Entry(ids[i]).CopyTo(bytes.AsSpan(at));
            at += _length[ids[i]];
            isLabel[i] = _label[ids[i]];
            counts[i] = _count[ids[i]];
        }
        offsets[ids.Length] = at;
        return FastTextDictionary.Create(args, nwords, Tokens, bytes, offsets, isLabel, counts);
    }
}
