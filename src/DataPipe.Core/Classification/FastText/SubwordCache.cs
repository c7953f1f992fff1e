namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// Remembers the input rows of out-of-vocabulary words for one predictor. A pruned model such as lid.176.ftz knows
/// only a few thousand words, so nearly every word is hashed into its character n-grams and each n-gram looked up in
/// the prune map: three quarters of a prediction's time. Words repeat (Zipf), so the rows of a word seen before are
/// copied instead. The rows depend on the word's bytes alone, so the cache changes no row and no sum; when an arena
/// fills, the whole cache starts again, which keeps memory fixed and needs no eviction order.
/// </summary>
public sealed class SubwordCache
{
    /// <summary>Longer words are rare and costly to compare; they are hashed every time.</summary>
    public const int MaxWordBytes = 48;

    private readonly int[] _slots;        // entry index + 1; 0 = empty
    private readonly int _mask;
    private readonly uint[] _hashes;
    private readonly int[] _wordStart;
    private readonly int[] _rowStart;     // entry e's rows are _rows[_rowStart[e].._rowStart[e + 1]]
    private readonly byte[] _words;
    private readonly int[] _rows;
    private int _entries, _wordsUsed, _rowsUsed;

    /// <param name="entries">Words remembered before the cache starts again (rounded up to a power of two for the table).</param>
    public SubwordCache(int entries = 1 << 17)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entries, 1);
        int slots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)entries * 2);
        _slots = new int[slots];
        _mask = slots - 1;
        _hashes = new uint[entries];
        _wordStart = new int[entries + 1];
        _rowStart = new int[entries + 1];
        _words = new byte[entries * 12];
        _rows = new int[entries * 16];
    }

    /// <summary>Resets counted by tests: how often an arena filled.</summary>
    public int Resets { get; private set; }

    /// <summary>The rows remembered for <paramref name="word"/> (whose fastText hash is <paramref name="hash"/>), or false.</summary>
    public bool TryGet(ReadOnlySpan<byte> word, uint hash, out ReadOnlySpan<int> rows)
    {
        int slot = (int)(hash & (uint)_mask);
        while (true)
        {
            int e = _slots[slot] - 1;
            if (e < 0) break;
            if (_hashes[e] == hash && _words.AsSpan(_wordStart[e], _wordStart[e + 1] - _wordStart[e]).SequenceEqual(word))
            {
                rows = _rows.AsSpan(_rowStart[e], _rowStart[e + 1] - _rowStart[e]);
                return true;
            }
            slot = (slot + 1) & _mask;
        }
        rows = default;
        return false;
    }

    /// <summary>Remembers <paramref name="rows"/> for a word <see cref="TryGet"/> did not find.</summary>
    public void Add(ReadOnlySpan<byte> word, uint hash, ReadOnlySpan<int> rows)
    {
        if (word.Length > Math.Min(MaxWordBytes, _words.Length) || rows.Length > _rows.Length / 4) return;
        if (_entries == _hashes.Length || _wordsUsed + word.Length > _words.Length || _rowsUsed + rows.Length > _rows.Length) Reset();
        int e = _entries++;
        _hashes[e] = hash;
        word.CopyTo(_words.AsSpan(_wordsUsed));
        _wordsUsed += word.Length;
        _wordStart[e + 1] = _wordsUsed;
        rows.CopyTo(_rows.AsSpan(_rowsUsed));
        _rowsUsed += rows.Length;
        _rowStart[e + 1] = _rowsUsed;
        int slot = (int)(hash & (uint)_mask);
        while (_slots[slot] != 0) slot = (slot + 1) & _mask;
        _slots[slot] = e + 1;
    }

    private void Reset()
    {
        Array.Clear(_slots);
        _entries = _wordsUsed = _rowsUsed = 0;
        Resets++;
    }
}
