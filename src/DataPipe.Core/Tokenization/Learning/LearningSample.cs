using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DataPipe.Core.Tokenization.Learning;

/// <summary>
/// Which documents a byte budget trains on: order every document that reaches the stage by (a seeded hash of its id,
/// its source position) and take the shortest prefix of that order whose text reaches the budget (all of them when
/// the corpus is smaller). The hash spreads the sample over the whole corpus instead of its first shards, and the
/// choice depends only on the documents and the seed — not on workers, task order or how the input was sharded.
/// </summary>
public static class LearningSample
{
    /// <summary>The sampling order key of a document: XxHash3 of its id's UTF-16 code units, seeded by the pipeline seed.</summary>
    public static ulong Key(string id, long seed) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()), seed);
}

/// <summary>One document's place in the sampling order, with its UTF-8 size (the unit of the byte budget).</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct SampleEntry(ulong Key, ulong Position, long Bytes) : IComparable<SampleEntry>
{
    public int CompareTo(SampleEntry other)
    {
        int byKey = Key.CompareTo(other.Key);
        return byKey != 0 ? byKey : Position.CompareTo(other.Position);
    }

    /// <summary>The shortest prefix of sorted <paramref name="entries"/> whose bytes reach <paramref name="budget"/>.</summary>
    public static int PrefixLength(ReadOnlySpan<SampleEntry> entries, long budget)
    {
        long bytes = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            if (bytes >= budget) return i;
            bytes += entries[i].Bytes;
        }
        return entries.Length;
    }
}
