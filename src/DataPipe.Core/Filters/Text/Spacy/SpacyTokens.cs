using System.Runtime.CompilerServices;

namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>The tokens of one text as spaCy makes them: (start, length) in UTF-16 units, and whether the token is a
/// whitespace token (a run of spaces other than the single space spaCy folds into the token before it). Reused
/// buffers: one instance per thread.</summary>
public sealed class SpacyTokens
{
    private int[] _starts = new int[256];
    private int[] _lengths = new int[256];
    private bool[] _space = new bool[256];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, Count);

    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, Count);

    public ReadOnlySpan<bool> IsSpace => _space.AsSpan(0, Count);

    public int Start(int i) => _starts[i];

    public int End(int i) => _starts[i] + _lengths[i];

    public ReadOnlySpan<char> Text(ReadOnlySpan<char> text, int i) => text.Slice(_starts[i], _lengths[i]);

    public void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int start, int length, bool space)
    {
        if (Count == _starts.Length) Grow(Count + 1);
        _starts[Count] = start;
        _lengths[Count] = length;
        _space[Count] = space;
        Count++;
    }

    private void Grow(int size)
    {
        int capacity = Math.Max(size, _starts.Length * 2);
        Array.Resize(ref _starts, capacity);
        Array.Resize(ref _lengths, capacity);
        Array.Resize(ref _space, capacity);
    }
}
