using System.Runtime.InteropServices;

namespace DataPipe.Core.Dedup.Spill;

/// <summary>A 128-bit content hash and where the document came from (exact dedup spill record).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct HashRecord(ulong Hi, ulong Lo, ulong Position) : IComparable<HashRecord>
{
    public int CompareTo(HashRecord other)
    {
        int c = Hi.CompareTo(other.Hi);
        if (c != 0) return c;
        c = Lo.CompareTo(other.Lo);
        return c != 0 ? c : Position.CompareTo(other.Position);
    }

    public bool SameHash(in HashRecord other) => Hi == other.Hi && Lo == other.Lo;
}

/// <summary>A 128-bit hash kept in the cross-build index.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct HashKey(ulong Hi, ulong Lo) : IComparable<HashKey>
{
    public int CompareTo(HashKey other)
    {
        int c = Hi.CompareTo(other.Hi);
        return c != 0 ? c : Lo.CompareTo(other.Lo);
    }
}

/// <summary>One LSH band key of one document (fuzzy dedup spill record).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct BandRecord(ulong Key, ulong Position) : IComparable<BandRecord>
{
    public int CompareTo(BandRecord other)
    {
        int c = Key.CompareTo(other.Key);
        return c != 0 ? c : Position.CompareTo(other.Position);
    }
}

/// <summary>A fuzzy index key: a band key of a document an earlier build kept, that build's number and the document's
/// packed position in it (position alone is ambiguous: every build numbers its shards from 0).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct FuzzyIndexKey(ulong Key, long Build, ulong Position) : IComparable<FuzzyIndexKey>
{
    public int CompareTo(FuzzyIndexKey other)
    {
        int c = Key.CompareTo(other.Key);
        if (c != 0) return c;
        c = Build.CompareTo(other.Build);
        return c != 0 ? c : Position.CompareTo(other.Position);
    }
}

/// <summary>A document of this build verified against a document an earlier build kept (build, position).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct EarlierMatch(ulong Position, long Build, ulong EarlierPosition, double Similarity) : IComparable<EarlierMatch>
{
    public int CompareTo(EarlierMatch other)
    {
        int c = Position.CompareTo(other.Position);
        if (c != 0) return c;
        c = Build.CompareTo(other.Build);
        return c != 0 ? c : EarlierPosition.CompareTo(other.EarlierPosition);
    }
}

/// <summary>A pair of packed source positions, <see cref="A"/> &lt; <see cref="B"/>, with their similarity.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct PairRecord(ulong A, ulong B, double Similarity) : IComparable<PairRecord>
{
    public int CompareTo(PairRecord other)
    {
        int c = A.CompareTo(other.A);
        return c != 0 ? c : B.CompareTo(other.B);
    }
}

/// <summary>A document to drop, the keeper of its group (<see cref="NoKeeper"/> when the keeper is in an earlier
/// build), the document it matched and their similarity.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct DropRecord(ulong Position, ulong Keeper, ulong Matched, double Similarity) : IComparable<DropRecord>
{
    public const ulong NoKeeper = ulong.MaxValue;

    public int CompareTo(DropRecord other) => Position.CompareTo(other.Position);
}

/// <summary>Where one document's blob (id or sketch) lives inside a shard's blob file.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct BlobEntry(long Ordinal, long Offset, long Length);

/// <summary>A duplicate group for the report: its keeper, one dropped member as an example, size, similarity.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct GroupRecord(ulong Keeper, ulong Example, long Size, double Similarity);
