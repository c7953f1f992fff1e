using System.Numerics;

namespace DataPipe.Core.Reporting;

/// <summary>Counts of values in power-of-two buckets: bucket k holds [2^k, 2^(k+1)), bucket 0 also holds 0.
/// Cheap enough to update per document and mergeable across tasks.</summary>
public sealed class Log2Histogram
{
    public const int Buckets = 40;

    public long[] Counts { get; init; } = new long[Buckets];

    public void Add(long value) => Counts[Bucket(value)]++;

    public static int Bucket(long value) => value <= 1 ? 0 : Math.Min(Buckets - 1, BitOperations.Log2((ulong)value));

    public void AddAll(IReadOnlyList<long> other)
    {
        for (int i = 0; i < Math.Min(other.Count, Buckets); i++) Counts[i] += other[i];
    }

    /// <summary>Non-empty buckets from the first to the last used one, as (low, high exclusive, count).</summary>
    public IEnumerable<(long Low, long High, long Count)> Rows()
    {
        int first = Array.FindIndex(Counts, c => c > 0);
        if (first < 0) yield break;
        int last = Array.FindLastIndex(Counts, c => c > 0);
        for (int k = first; k <= last; k++)
            yield return (k == 0 ? 0 : 1L << k, 1L << (k + 1), Counts[k]);
    }
}
