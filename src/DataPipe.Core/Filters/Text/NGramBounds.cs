namespace DataPipe.Core.Filters.Text;

/// <summary>Upper bounds on the Gopher repetition statistics of the document <see cref="NGramKeys"/> holds: a
/// document whose bound is under a rule's threshold passes that rule without its exact count being taken.</summary>
public sealed class NGramBounds(NGramKeys keys)
{
    private int[] _buckets = new int[1024];
    private ulong[] _seen = new ulong[1024];
    private double _topBoundUnit = -1;      // max per-bucket word sum (-1: not yet taken for this document)
    private int _dupBoundN;                 // the n the duplicate bound was taken for (0 = not yet)
    private double _dupBound;

    /// <summary>A new document was loaded: nothing taken yet.</summary>
    internal void Reset()
    {
        _topBoundUnit = -1;
        _dupBoundN = 0;
    }

    /// <summary>
    /// An upper bound on <see cref="NGramCounts.TopNGramChars"/>: an n-gram occurs no more often than any of its
    /// words, so count × length ≤ n × max over words of count × (length + 1). Summed per bucket of word hashes, which
    /// over-counts only where words share a bucket, so the largest bucket still bounds every word's value with no keys
    /// to store or compare. On ordinary text it is far below the Gopher thresholds, so the n-gram counts need not be
    /// taken at all.
    /// </summary>
    public double TopNGramCharsBound(int n)
    {
        if (_topBoundUnit < 0) _topBoundUnit = LargestBucket();
        return n * _topBoundUnit;
    }

    private int LargestBucket()
    {
        int buckets = BucketCount(keys.Words);
        NGramKeys.Ensure(ref _buckets, buckets);
        var sums = _buckets.AsSpan(0, buckets);
        sums.Clear();
        int best = 0;
        for (int k = 0; k < keys.Words; k++)
        {
            ref int sum = ref sums[(int)(keys.WordKey(k) >> 40) & (buckets - 1)];
            sum += keys.WordLength(k) + 1;
            if (sum > best) best = sum;
        }
        return best;
    }

    /// <summary>A power of two ≥ 4 × the word count (at least 1,024): few distinct words share a bucket.</summary>
    private static int BucketCount(int words) => (int)Math.Max(1024, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, words) * 4));

    /// <summary>
    /// An upper bound on <see cref="NGramCounts.DuplicateNGramChars"/> for <paramref name="n"/> and every larger n, from one pass
    /// over all positions: the characters of the words covered by any later occurrence of an n-gram. The walk counts
    /// a subset of those occurrences without overlap, and a repeated longer n-gram starts with a repeated n-gram (the
    /// same caveat as <see cref="NGramCounts.SkipAfterRepeatFree"/>). Most pages repeat a few phrases at most, far below the
    /// thresholds, so the six walks need not run.
    /// </summary>
    public double DuplicateNGramCharsBound(int n)
    {
        if (_dupBoundN > 0 && _dupBoundN <= n) return _dupBound;
        // "Seen before" from a bit set of key hashes: a false hit only adds characters, so the bound stays a bound,
        // and a bit test is cheaper than a table probe.
        int bits = BucketCount(keys.Words) * 16;
        NGramKeys.Ensure(ref _seen, bits / 64);
        var seen = _seen.AsSpan(0, bits / 64);
        seen.Clear();
        long covered = 0;
        int coveredUntil = 0;
        for (int i = 0; i + n <= keys.Words; i++)
        {
            int bit = (int)(keys.ConcatKey(i, n) * 0x9E3779B97F4A7C15UL >> 40) & (bits - 1);
            ref ulong word = ref seen[bit >> 6];
            ulong mask = 1UL << (bit & 63);
            if ((word & mask) == 0)
            {
                word |= mask;
                continue;
            }
            for (int k = Math.Max(i, coveredUntil); k < i + n; k++) covered += keys.WordLength(k);
            coveredUntil = i + n;
        }
        (_dupBoundN, _dupBound) = (n, covered);
        // No hit at all means no repeated key: false hits can only add.
        if (covered == 0) keys.RepeatFreeAt = Math.Min(keys.RepeatFreeAt, n);
        return covered;
    }
}
