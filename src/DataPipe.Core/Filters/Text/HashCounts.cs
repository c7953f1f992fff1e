namespace DataPipe.Core.Filters.Text;

/// <summary>
/// Counts per 64-bit key in one open-addressing table reused document after document: a per-slot generation stamp
/// empties it in O(1), so the n-gram passes of a filter cost no clearing and no allocation once the table has grown
/// to the largest document seen. Keys are already hashes, so a cheap multiplicative mix spreads them.
/// </summary>
public sealed class HashCounts
{
    /// <summary>Key, stamp and count side by side: a probe touches one cache line, not three arrays.</summary>
    private struct Entry
    {
        public ulong Key;
        public uint Stamp;
        public int Count;
        public int First;
    }

    private Entry[] _entries = new Entry[1024];
    private uint _generation = 1;
    private int _mask = 1023;
    private int _used;

    /// <summary>Empties the table, sized for <paramref name="expectedKeys"/> distinct keys at ≤ 50 % load (it grows
    /// past that when needed).</summary>
    public void Reset(int expectedKeys)
    {
        _used = 0;
        int capacity = _entries.Length;
        while (capacity < expectedKeys * 2) capacity *= 2;
        if (capacity != _entries.Length)
        {
            _entries = new Entry[capacity];
            _mask = capacity - 1;
            _generation = 1;
            return;
        }
        if (++_generation == 0)
        {
            Array.Clear(_entries);
            _generation = 1;
        }
    }

    /// <summary>The count of <paramref name="key"/>, added with 0 when new.</summary>
    public ref int this[ulong key] => ref Find(key).Count;

    /// <summary>Counts one more occurrence of <paramref name="key"/> at <paramref name="position"/>; returns the new
    /// count and where the key was first counted.</summary>
    public int Increment(ulong key, int position, out int first)
    {
        ref Entry e = ref Find(key);
        if (e.Count++ == 0) e.First = position;
        first = e.First;
        return e.Count;
    }

    private ref Entry Find(ulong key)
    {
        var entries = _entries;
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> 32) & _mask;
        while (true)
        {
            ref Entry e = ref entries[slot];
            if (e.Stamp != _generation)
            {
                if (++_used > (_mask + 1) / 2)
                {
                    Grow();
                    return ref Find(key);
                }
                e.Stamp = _generation;
                e.Key = key;
                e.Count = 0;
                return ref e;
            }
            if (e.Key == key) return ref e;
            slot = (slot + 1) & _mask;
        }
    }

    private void Grow()
    {
        var (entries, generation) = (_entries, _generation);
        _entries = new Entry[entries.Length * 2];
        _mask = _entries.Length - 1;
        _generation = 1;
        _used = 0;
        foreach (ref readonly Entry e in entries.AsSpan())
        {
            if (e.Stamp != generation) continue;
            ref Entry moved = ref Find(e.Key);
            moved.Count = e.Count;
            moved.First = e.First;
        }
    }

    /// <summary>True the first time <paramref name="key"/> is seen since <see cref="Reset"/>.</summary>
    public bool Add(ulong key) => this[key]++ == 0;
}
