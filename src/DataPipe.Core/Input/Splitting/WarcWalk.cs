using System.IO.Hashing;
using DataPipe.Core.Execution;
using DataPipe.Core.Formats;
using DataPipe.Core.Formats.Warc;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// The framing decisions the WARC reader makes over a plain file or one range of it, made by the reader's own parser
/// without converting any block: every record it returns and every record or run of bytes it quarantines. Two walks
/// that agree mean a range reads as that stretch of the whole file does.
/// </summary>
internal sealed class WarcWalk : IQuarantine
{
    public List<WarcFrame> Records { get; } = [];

    public List<WarcFault> Faults { get; } = [];

    /// <summary>Walks bytes [<paramref name="start"/>, <paramref name="end"/>) of the file (end -1: to its end),
    /// whose first record start is record <paramref name="firstIndex"/> of the file.</summary>
    public static WarcWalk Of(string path, long start, long end, long firstIndex, long maxRecordBytes)
    {
        var walk = new WarcWalk();
        var counters = new Counters();
        // max_record_bytes decides whether a bad Content-Length is skipped over or resynced after, so it is the
        // build's; truncated_records only decides the file's last record, which the last range reads as the whole file does.
        var context = new ReaderContext
        {
            Shard = new InputShard { Index = 0, Path = path, Format = "warc", Name = Path.GetFileName(path), Start = start, End = end },
            Counters = counters,
            Quarantine = walk,
            MaxRecordBytes = maxRecordBytes,
        };
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        using var range = new IO.ByteRangeStream(file, start, end);
        using var window = new ByteWindow(range, start);
        var parser = new WarcRecordParser(window, context, gzip: null);
        while (true)
        {
            int faultsBefore = walk.Faults.Count;
            long repairsBefore = counters.Get(ReaderCounters.ContentLengthRepaired);
            if (!parser.TryNext(out var record)) break;
            // The parser leaves the window at the block's start when it hands a record over.
            long blockEnd = window.Position + record.BlockLength;
            walk.Records.Add(new WarcFrame(record.Offset, firstIndex + parser.RecordStarts - 1, blockEnd, record.TrailerLength, record.Truncated,
                Repaired: counters.Get(ReaderCounters.ContentLengthRepaired) != repairsBefore, AfterFault: walk.Faults.Count != faultsBefore));
            parser.Consume(record);
        }
        return walk;
    }

    public void Add(string file, long offset, string error, ReadOnlySpan<byte> sample) =>
        Faults.Add(new WarcFault(offset, error, sample.Length, XxHash64.HashToUInt64(sample)));
}

/// <summary>A record the parser returned: where it starts, its index among the file's record starts, where its block
/// ends, and how its framing went.</summary>
/// <param name="AfterFault">Something was quarantined between the previous returned record and this one.</param>
internal readonly record struct WarcFrame(long Offset, long Index, long BlockEnd, int TrailerLength, bool Truncated, bool Repaired, bool AfterFault)
{
    /// <summary>Framed by its own Content-Length and a record end, with nothing wrong on the way.</summary>
    public bool Clean => !Truncated && !Repaired && !AfterFault && TrailerLength > 0;

    public long End => BlockEnd + TrailerLength;
}

/// <summary>What the parser quarantined: where, why, and which bytes it kept as the sample.</summary>
internal readonly record struct WarcFault(long Offset, string Error, int SampleBytes, ulong SampleHash);
