namespace DataPipe.Core.Filters.Multilingual;

/// <summary>
/// One language's stop words, looked up by span without allocating: a word is lower-cased into a stack buffer and
/// found through the dictionary's span lookup. Counts distinct stop words, as Gopher's English rule does.
/// </summary>
public sealed class StopWordSet
{
    private const int LongestLookedUp = 64;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _longest;

    public StopWordSet(IEnumerable<string> words)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            string lower = word.ToLowerInvariant();
            if (lower.Length is > 0 and <= LongestLookedUp) ids.TryAdd(lower, ids.Count);
        }
        Count = ids.Count;
        _longest = ids.Count == 0 ? 0 : ids.Keys.Max(w => w.Length);
        _lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count { get; }

    /// <summary>How many distinct stop words the words hold, counting no further than <paramref name="enough"/> (≤ 16).</summary>
    public int CountDistinct(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int enough)
    {
        if (enough <= 0) return 0;
        Span<int> found = stackalloc int[16];
        enough = Math.Min(enough, found.Length);
        Span<char> lower = stackalloc char[LongestLookedUp];
        int n = 0;
        for (int i = 0; i < starts.Length; i++)
        {
            int length = lengths[i];
            if (length > _longest) continue;
            text.Slice(starts[i], length).ToLowerInvariant(lower);
            if (!_lookup.TryGetValue(lower[..length], out int id) || found[..n].Contains(id)) continue;
            found[n++] = id;
            if (n == enough) break;
        }
        return n;
    }
}
