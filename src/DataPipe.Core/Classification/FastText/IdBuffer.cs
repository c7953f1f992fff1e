using System.Buffers;

namespace DataPipe.Core.Classification.FastText;

/// <summary>A growable list of ints on a pooled array: one per predictor, reused for every document.</summary>
public sealed class IdBuffer : IDisposable
{
    private int[] _items;

    public IdBuffer(int capacity = 256) => _items = ArrayPool<int>.Shared.Rent(capacity);

    public int Count { get; private set; }

    public ReadOnlySpan<int> Span => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(int value)
    {
        if (Count == _items.Length) Grow(Count + 1);
        _items[Count++] = value;
    }

    public void AddRange(ReadOnlySpan<int> values)
    {
        if (Count + values.Length > _items.Length) Grow(Count + values.Length);
        values.CopyTo(_items.AsSpan(Count));
        Count += values.Length;
    }

    private void Grow(int needed)
    {
        int[] bigger = ArrayPool<int>.Shared.Rent(Math.Max(needed, _items.Length * 2));
        _items.AsSpan(0, Count).CopyTo(bigger);
        ArrayPool<int>.Shared.Return(_items);
        _items = bigger;
    }

    public void Dispose()
    {
        if (_items.Length == 0) return;
        ArrayPool<int>.Shared.Return(_items);
        _items = [];
        Count = 0;
    }
}
