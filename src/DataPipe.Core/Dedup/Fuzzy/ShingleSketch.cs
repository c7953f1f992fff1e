namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>
/// The bottom-k sketch of a document's shingle set: its k smallest distinct 32-bit shingle hashes, sorted. For
/// documents with at most k distinct shingles it is the whole set, so the Jaccard computed from two sketches is
/// exact; beyond k it is the bottom-k estimator (standard error ≈ sqrt(J(1−J)/k)).
/// </summary>
public static class ShingleSketch
{
    /// <summary>Sorts and de-duplicates the folded shingle hashes in place; returns the sketch length (≤ k, 0 = unlimited).</summary>
    public static int Build(ReadOnlySpan<ulong> shingles, Span<uint> scratch, int k)
    {
        for (int i = 0; i < shingles.Length; i++)
        {
            ulong s = shingles[i];
            scratch[i] = (uint)(s ^ (s >> 32));
        }
        var values = scratch[..shingles.Length];
        values.Sort();
        int n = 0;
        for (int i = 0; i < values.Length; i++)
            if (n == 0 || values[i] != values[n - 1]) values[n++] = values[i];
        return k > 0 ? Math.Min(n, k) : n;
    }

    /// <summary>Jaccard similarity of two sorted sketches (exact when both are whole sets).</summary>
    public static double Jaccard(ReadOnlySpan<uint> x, ReadOnlySpan<uint> y, int k)
    {
        if (x.Length == 0 && y.Length == 0) return 1;
        int limit = k > 0 ? k : int.MaxValue;
        int i = 0, j = 0, union = 0, both = 0;
        while (union < limit && (i < x.Length || j < y.Length))
        {
            if (j >= y.Length || (i < x.Length && x[i] < y[j])) i++;
            else if (i >= x.Length || y[j] < x[i]) j++;
            else { both++; i++; j++; }
            union++;
        }
        // Past the end of a truncated sketch the union is unknown: stop where the shorter full sketch stops.
        return union == 0 ? 0 : (double)both / union;
    }
}
