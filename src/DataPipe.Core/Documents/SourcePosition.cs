namespace DataPipe.Core.Documents;

/// <summary>
/// Where a document came from: the index of its input shard in the plan and its ordinal inside that shard.
/// The pair is a total order over the corpus, which is what makes every keep-or-drop decision deterministic.
/// </summary>
public readonly record struct SourcePosition(int Shard, long Ordinal) : IComparable<SourcePosition>
{
    public int CompareTo(SourcePosition other)
    {
        int byShard = Shard.CompareTo(other.Shard);
        return byShard != 0 ? byShard : Ordinal.CompareTo(other.Ordinal);
    }

    public static bool operator <(SourcePosition a, SourcePosition b) => a.CompareTo(b) < 0;
    public static bool operator >(SourcePosition a, SourcePosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(SourcePosition a, SourcePosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SourcePosition a, SourcePosition b) => a.CompareTo(b) >= 0;

    /// <summary>Packs the position into one sortable 64-bit key (shard in the high 24 bits).</summary>
    public ulong Pack() => ((ulong)(uint)Shard << 40) | ((ulong)Ordinal & 0xFF_FFFF_FFFFUL);

    public static SourcePosition Unpack(ulong packed) => new((int)(packed >> 40), (long)(packed & 0xFF_FFFF_FFFFUL));

    public override string ToString() => $"{Shard}:{Ordinal}";
}
