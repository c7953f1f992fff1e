namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// Cuts a plain (uncompressed) WARC or WET file into ranges of about equal size at record starts, found by the
/// reader's own parser walking the whole file, and gives each range the file index of its first record.
/// </summary>
/// <remarks>
/// A range is parsed without the bytes after it, so a cut is made only where that cannot change a decision: just
/// before a record whose predecessor was framed cleanly by its own Content-Length (the reader's look past that block
/// then sees the same record end either way) with no more than a short run of blank lines between them. Damage
/// handling looks further (a resync, a repair, a quarantine sample), so a range holding damage is walked again on
/// its own and must frame and quarantine exactly what the whole walk did there, or its end cut moves on (or goes).
/// </remarks>
public static class WarcCutter
{
    /// <summary>Blank bytes after a record end the reader's look-ahead still sees to their end (its trailer
    /// look-ahead less the record end), with a margin.</summary>
    private const int MaxGapBytes = 32;

    /// <summary>How far a cut moves on when damage before it looked past it: the parser's quarantine sample.</summary>
    private const int MoveBytes = 64 << 10;

    private const int MaxMoves = 4;

    /// <param name="maxRecordBytes">The build's <c>max_record_bytes</c>, which the reader will frame with.</param>
    /// <param name="whyWhole">Why the file is read whole when it cannot be cut; null when it is cut.</param>
    public static IReadOnlyList<FileRange> Cut(string path, int parts, long maxRecordBytes, out string? whyWhole)
    {
        whyWhole = null;
        if (parts < 2) return FileRange.Whole;
        long length = new FileInfo(path).Length;
        WarcWalk whole;
        try
        {
            whole = WarcWalk.Of(path, 0, -1, 0, maxRecordBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyWhole = $"it could not be read to find record starts ({e.Message})";
            return FileRange.Whole;
        }
        if (whole.Records.Count < 2)
        {
            whyWhole = whole.Records.Count == 0 ? "no WARC record was found in it" : "it holds a single record";
            return FileRange.Whole;
        }
        var safe = SafeStarts(whole.Records);
        var starts = Candidates(safe, length, parts);
        if (starts.Count == 1)
        {
            whyWhole = "no cleanly framed record boundary lies near the cut points";
            return FileRange.Whole;
        }
        Settle(path, whole, safe, starts, maxRecordBytes);
        if (starts.Count == 1)
        {
            whyWhole = "damaged records lie next to every cut point";
            return FileRange.Whole;
        }
        var ranges = new List<FileRange>(starts.Count);
        for (int i = 0; i < starts.Count; i++)
            ranges.Add(new FileRange(starts[i].Offset, i + 1 < starts.Count ? starts[i + 1].Offset : -1, starts[i].Index));
        return ranges;
    }

    /// <summary>Checks each range but the last (which ends where the file does, as the whole walk did) and moves on, or
    /// drops, a cut that damage before it made unsafe.</summary>
    private static void Settle(string path, WarcWalk whole, List<(long Offset, long Index)> safe, List<(long Offset, long Index)> starts, long maxRecordBytes)
    {
        int r = 0, moves = 0;
        while (r < starts.Count - 1)
        {
            if (Agrees(path, whole, starts[r], starts[r + 1].Offset, maxRecordBytes)) { r++; moves = 0; continue; }
            // Move the cut past what damage handling looks at (a quarantine sample), a few times, then give it up.
            long limit = r + 2 < starts.Count ? starts[r + 2].Offset : long.MaxValue;
            int next = safe.FindIndex(s => s.Offset >= starts[r + 1].Offset + MoveBytes);
            if (++moves <= MaxMoves && next >= 0 && safe[next].Offset < limit) starts[r + 1] = safe[next];
            else { starts.RemoveAt(r + 1); moves = 0; }
        }
    }

    /// <summary>Every record start a range may begin at.</summary>
    private static List<(long Offset, long Index)> SafeStarts(List<WarcFrame> records)
    {
        var safe = new List<(long Offset, long Index)>();
        for (int i = 1; i < records.Count; i++)
            if (SafeCut(records[i - 1], records[i])) safe.Add((records[i].Offset, records[i].Index));
        return safe;
    }

    /// <summary>The start of each range: the file's start, then the first safe record start at or after each target.</summary>
    private static List<(long Offset, long Index)> Candidates(List<(long Offset, long Index)> safe, long length, int parts)
    {
        var starts = new List<(long Offset, long Index)> { (0, 0) };
        int k = 1;
        foreach (var start in safe)
        {
            if (k >= parts) break;
            if (start.Offset < InputSplitter.Target(length, k, parts)) continue;
            starts.Add(start);
            // A record longer than a range swallows the targets inside it: each cut is made once.
            while (k < parts && InputSplitter.Target(length, k, parts) <= start.Offset) k++;
        }
        return starts;
    }

    private static bool SafeCut(in WarcFrame before, in WarcFrame at) =>
        before.Clean && !at.AfterFault && at.Index == before.Index + 1 && at.Offset - before.End <= MaxGapBytes;

    /// <summary>Whether the range [start, end) frames what the whole walk framed there. Only a range holding damage can
    /// differ, so only such a range is walked again.</summary>
    private static bool Agrees(string path, WarcWalk whole, (long Offset, long Index) start, long end, long maxRecordBytes)
    {
        var records = whole.Records.Where(f => f.Offset >= start.Offset && f.Offset < end).ToList();
        var faults = whole.Faults.Where(f => f.Offset >= start.Offset && f.Offset < end).ToList();
        if (faults.Count == 0 && records.All(f => f.Clean)) return true;
        WarcWalk range;
        try
        {
            range = WarcWalk.Of(path, start.Offset, end, start.Index, maxRecordBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return range.Records.SequenceEqual(records) && range.Faults.SequenceEqual(faults);
    }
}
