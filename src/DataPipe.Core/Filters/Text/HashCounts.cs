namespace DataPipe.Core.Filters.Text;

/// <summary>
/// Counts per 64-bit key in one open-addressing table reused document after document: a per-slot generation stamp
/// empties it in O(1), so the n-gram passes of a filter cost no clearing and no allocation once the table has grown
/// to the largest document seen. Keys are already hashes, so a cheap multiplicative mix spreads them.
/// </summary>
public sealed class HashCounts
{
    private ulong[] _keys = new ulong[1024];
    private int[] _counts = new int[1024];
    private uint[] _stamps = new uint[1024];
    private uint _generation = 1;
    private int _mask = 1023;
    private int _used;

    /// <summary>Empties the table, sized for <paramref name="expectedKeys"/> distinct keys at ≤ 50 % load (it grows
    /// past that when needed).</summary>
    public void Reset(int expectedKeys)
    {
        _used = 0;
        int capacity = _keys.Length;
        while (capacity < expectedKeys * 2) capacity *= 2;
        if (capacity != _keys.Length)
        {
            _keys = new ulong[capacity];
            _counts = new int[capacity];
            _stamps = new uint[capacity];
            _mask = capacity - 1;
            _generation = 1;
            return;
        }
        if (++_generation == 0)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }

    /// <summary>The count of <paramref name="key"/>, added with 0 when new.</summary>
    public ref int this[ulong key]
    {
        get
        {
            int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> 32) & _mask;
            while (true)
            {
                if (_stamps[slot] != _generation)
                {
                    if (++_used > (_mask + 1) / 2)
                    {
                        Grow();
                        return ref this[key];
                    }
                    _stamps[slot] = _generation;
                    _keys[slot] = key;
                    _counts[slot] = 0;
                    return ref _counts[slot];
                }
                if (_keys[slot] == key) return ref _counts[slot];
                slot = (slot + 1) & _mask;
            }
        }
    }

    private void Grow()
    {
        var (keys, counts, stamps, generation) = (_keys, _counts, _stamps, _generation);
        int capacity = keys.Length * 2;
        _keys = new ulong[capacity];
        _counts = new int[capacity];
        _stamps = new uint[capacity];
        _mask = capacity - 1;
        _generation = 1;
        _used = 0;
        for (int i = 0; i < keys.Length; i++)
            if (stamps[i] == generation) this[keys[i]] = counts[i];
    }

    /// <summary>True the first time <paramref name="key"/> is seen since <see cref="Reset"/>.</summary>
    public bool Add(ulong key) => this[key]++ == 0;
}
