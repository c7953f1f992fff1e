using System.Runtime.InteropServices;

namespace DataPipe.Core.Classification.Quality;

/// <summary>One document's quality score and packed source position (the sign spill of <c>keep_top_fraction</c>).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct ScoreRecord(ulong Position, float Score) : IComparable<ScoreRecord>
{
    /// <summary>By position: a shard's records are looked up by position when the cut is applied.</summary>
    public int CompareTo(ScoreRecord other) => Position.CompareTo(other.Position);

    /// <summary>
    /// Best first: higher score, then the earlier source position, a total order that does not depend on how the
    /// corpus was split among workers, so equal scores at the cut fall the same way for any worker count.
    /// </summary>
    public static int ByRank(ScoreRecord a, ScoreRecord b)
    {
        int c = b.Score.CompareTo(a.Score);
        return c != 0 ? c : a.Position.CompareTo(b.Position);
    }
}
