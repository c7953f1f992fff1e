using DataPipe.Core.Documents;
using DataPipe.Core.Formats.Gzip;

namespace DataPipe.Core.Formats.Warc;

/// <summary>
/// Walks the records of a decompressed WARC stream (WARC/0.17, 0.18, 1.0, 1.1). A record is trusted only when its
/// block is followed by CR LF CR LF (LF LF in a file with LF line ends) and then the next <c>WARC/</c> line (or the
/// end). A Content-Length off by at most <see cref="MaxLengthRepair"/> bytes is repaired from where that next line
/// really starts, as warcio's resync would, and counted; anything else — a length further off, garbage, a record
/// cut by a damaged gzip member — is quarantined with its decompressed-stream offset and the parser resyncs at the
/// next <c>WARC/</c> line. A record cut off by the end of the file is kept as far as it arrived (or quarantined,
/// per <see cref="ReaderContext.TruncatedRecords"/>).
/// </summary>
internal sealed class WarcRecordParser
{
    private const int MaxHeaderLineBytes = 64 << 10;
    private const int MaxHeaderBytes = 1 << 20;
    private const int MaxHeaderLines = 512;
    private const int SampleBytes = 64 << 10;
    private const int TrailerLookahead = 4 + 32 + 10;

    /// <summary>How far a Content-Length may be off and still be repaired: CR LF miscounts and off-by-one writers.
    /// Further off, the header is not to be trusted and the record is quarantined.</summary>
    public const int MaxLengthRepair = 8;

    private static ReadOnlySpan<byte> VersionMarker => "WARC/"u8;

    private readonly ByteWindow _window;
    private readonly ReaderContext _context;
    private readonly IReadOnlyList<long> _breaks;
    private readonly IReadOnlyList<(long Start, long End)> _damaged;
    private readonly WarcHeaders _headers = new();
    private readonly Func<long, int, bool> _isRecordStart;

    public WarcRecordParser(ByteWindow window, ReaderContext context, GzipMemberStream? gzip)
    {
        var breaks = gzip?.Breaks;
        _damaged = gzip?.Damaged ?? [];
        _window = window;
        _context = context;
        _breaks = breaks ?? [];
        _isRecordStart = (offset, before) => before is -1 or '\n' || IsBreak(offset);
    }

    /// <summary>Record starts (<c>WARC/</c> version lines) met so far, good or bad: the last returned record's index
    /// in the stream is this minus one. Garbage runs are not records and do not count.</summary>
    public long RecordStarts { get; private set; }

    /// <summary>The next well-formed record, or false at the end of the stream. Bad records are reported on the way.</summary>
    public bool TryNext(out WarcRecord record)
    {
        record = default;
        while (true)
        {
            _context.Cancellation.ThrowIfCancellationRequested();
            SkipBlankLines();
            if (_window.AtEnd) return false;
            long recordStart = _window.Position;
            _window.Ensure(VersionLineBytes);
            if (!IsVersionLine(_window.Available))
            {
                SkipGarbage(recordStart);
                continue;
            }
            RecordStarts++;
            TryReadHeaderLine(recordStart, out _, out _, out bool versionCrossesBreak);
            var status = versionCrossesBreak ? HeaderCrossesBreak : ReadHeaders(recordStart);
            if (status != null)
            {
                Quarantine(recordStart, $"record header {status}", default);
                if (status == HeaderCutShort) return false;
                // The bytes after lost ones start afresh: the window is already back at the break.
                if (status == HeaderCrossesBreak) continue;
                Resync();
                continue;
            }
            if (_headers.ContentLength < 0)
            {
                Quarantine(recordStart, _headers.ContentLengthInvalid ? "Content-Length is not a number" : "record has no Content-Length", default);
                Resync();
                continue;
            }
            long length = _headers.ContentLength;
            if (length > _context.MaxRecordBytes)
            {
                SkipOversized(recordStart, length);
                continue;
            }
            int blockLength = (int)length;
            _window.Ensure(blockLength + MaxLengthRepair + TrailerLookahead);
            string? problem = CheckBlock(recordStart, ref blockLength, out int trailer, out bool truncated);
            if (problem != null)
            {
                // A sample of what is held by chance would depend on how the file was read (whole, or from a cut).
                _window.Ensure(SampleBytes);
                var available = _window.Available;
                Quarantine(recordStart, problem, available[..Math.Min(available.Length, SampleBytes)]);
                Resync();
                continue;
            }
            _context.Counters.Add(ReaderCounters.Records);
            if (_headers.Type is null)
            {
                Quarantine(recordStart, "record has no WARC-Type", _window.Available[..Math.Min(blockLength, SampleBytes)]);
                _window.Advance(blockLength + trailer);
                continue;
            }
            record = new WarcRecord(_headers, recordStart, blockLength, trailer, truncated);
            return true;
        }
    }

    /// <summary>The block of the record last returned; valid until <see cref="Consume"/>.</summary>
    public ReadOnlySpan<byte> Block(in WarcRecord record) => _window.Available[..record.BlockLength];

    public void Consume(in WarcRecord record) => _window.Advance(record.BlockLength + record.TrailerLength);

    private const string HeaderCutShort = "cut short by the end of the stream";
    private const string HeaderCrossesBreak = "is cut by a damaged gzip member (the next record's header follows the lost bytes)";

    /// <summary>
    /// Reads one header line. A header line that runs over bytes lost to a damaged gzip member would glue this
    /// record's header to the next record's, hiding a good record inside a bad one; instead the window goes back to
    /// the break and false is returned with <paramref name="crossesBreak"/> set.
    /// </summary>
    private bool TryReadHeaderLine(long recordStart, out ReadOnlySpan<byte> line, out bool tooLong, out bool crossesBreak)
    {
        crossesBreak = false;
        long lineStart = _window.Position;
        if (!_window.TryReadLine(MaxHeaderLineBytes, out line, out tooLong)) return false;
        long lost = FirstBreakIn(Math.Max(lineStart, recordStart + 1), _window.Position);
        if (lost < 0) return true;
        _window.Rewind((int)(_window.Position - lost));
        line = default;
        crossesBreak = true;
        return false;
    }

    /// <summary>The first break at an offset in [<paramref name="from"/>, <paramref name="to"/>), or -1.</summary>
    private long FirstBreakIn(long from, long to)
    {
        foreach (long lost in _breaks)
            if (lost >= from && lost < to) return lost;
        return -1;
    }

    /// <returns>null when the header ended with a blank line, else what is wrong with it.</returns>
    private string? ReadHeaders(long recordStart)
    {
        _headers.Clear();
        long start = _window.Position;
        for (int lines = 0; lines < MaxHeaderLines; lines++)
        {
            if (!TryReadHeaderLine(recordStart, out var line, out bool tooLong, out bool crossesBreak))
                return crossesBreak ? HeaderCrossesBreak : tooLong ? $"has a line longer than {MaxHeaderLineBytes} bytes" : HeaderCutShort;
            if (line.IsEmpty) return null;
            if (_window.Position - start > MaxHeaderBytes) return $"is longer than {MaxHeaderBytes} bytes";
            _headers.Add(line);
        }
        return $"has more than {MaxHeaderLines} lines";
    }

    /// <summary>
    /// Checks the block framing. On success <paramref name="blockLength"/> is the true length (repaired when the
    /// declared one was off by a few bytes), <paramref name="trailer"/> the length of the blank lines after it, and
    /// <paramref name="truncated"/> says the file ended inside the block (what arrived is the block).
    /// </summary>
    private string? CheckBlock(long recordStart, ref int blockLength, out int trailer, out bool truncated)
    {
        trailer = 0;
        truncated = false;
        var available = _window.Available;
        // The window was filled past the declared block, so fewer bytes mean the stream ended inside it.
        if (available.Length < blockLength)
        {
            string? cutShort = CheckTruncated(recordStart, blockLength);
            if (cutShort is not null) return cutShort;
            blockLength = available.Length;
            truncated = true;
            return null;
        }
        if (CutByDamage(recordStart, _window.Position + blockLength) is { } cut) return cut;
        trailer = RecordEndAt(available, blockLength);
        if (trailer > 0 && !BlockRunsOver(available, blockLength, trailer)) return null;
        string problem = trailer == 0
            ? $"Content-Length {blockLength} is wrong: the block is not followed by CR LF CR LF"
            : $"Content-Length {blockLength} is wrong: the block runs over the next WARC record";
        for (int delta = 1; delta <= MaxLengthRepair; delta++)
        {
            foreach (int candidate in (ReadOnlySpan<int>)[blockLength - delta, blockLength + delta])
            {
                if (candidate < 0 || candidate > available.Length) continue;
                int end = RecordEndAt(available, candidate);
                if (end <= 0 || !NextIsRecord(available[(candidate + end)..])) continue;
                if (CutByDamage(recordStart, _window.Position + candidate) is { } damaged) return damaged;
                _context.Counters.Add(ReaderCounters.ContentLengthRepaired);
                blockLength = candidate;
                trailer = end;
                return null;
            }
        }
        trailer = 0;
        return problem;
    }

    /// <summary>A block the file ends inside: kept as far as it arrived unless damage (not the end) cut it, or the
    /// option says quarantine.</summary>
    private string? CheckTruncated(long recordStart, int declared)
    {
        var available = _window.Available;
        long streamEnd = _window.Position + available.Length;
        string cutShort = $"block cut short: Content-Length {declared} but only {available.Length} bytes follow (end of stream)";
        foreach (long lost in _breaks)
            if (lost > recordStart && lost < streamEnd)
                return $"record is cut by a damaged gzip member (bytes lost at decompressed offset {lost})";
        foreach (var (start, end) in _damaged)
            if (end < streamEnd && start < streamEnd && end > recordStart)
                return $"record comes from a damaged gzip member (decompressed offsets {start}-{end})";
        if (_context.TruncatedRecords == TruncatedRecords.Quarantine || available.IsEmpty) return cutShort;
        // A record start inside means a Content-Length too large, not a clipped file: resync finds those records.
        if (ContainsRecordStart(available)) return $"Content-Length {declared} is wrong: the block runs over the next WARC record and the end of the stream";
        return null;
    }

    /// <summary>Why the bytes up to <paramref name="blockEnd"/> cannot be trusted, or null.</summary>
    private string? CutByDamage(long recordStart, long blockEnd)
    {
        foreach (long lost in _breaks)
            if (lost > recordStart && lost <= blockEnd)
                return $"record is cut by a damaged gzip member (bytes lost at decompressed offset {lost})";
        foreach (var (start, end) in _damaged)
            if (start < blockEnd + 4 && end > recordStart)
                return $"record comes from a damaged gzip member (decompressed offsets {start}-{end})";
        return null;
    }

    /// <summary>Length of the record-ending blank lines at <paramref name="at"/>: 4 for CR LF CR LF, 2 for LF LF, else 0.</summary>
    private static int RecordEndAt(ReadOnlySpan<byte> available, int at)
    {
        var after = available[at..];
        if (after.StartsWith("\r\n\r\n"u8)) return 4;
        if (after.StartsWith("\n\n"u8)) return 2;
        return 0;
    }

    /// <summary>Whether the bytes after a record's trailer start the next record (or the stream ends within them).</summary>
    private static bool NextIsRecord(ReadOnlySpan<byte> after)
    {
        int next = after.IndexOfAnyExcept("\r\n"u8);
        if (next < 0) return after.Length < TrailerLookahead - 4;
        var rest = after[next..];
        return rest.Length >= VersionLineBytes ? IsVersionLine(rest) : VersionMarker.StartsWith(rest[..Math.Min(rest.Length, VersionMarker.Length)]);
    }

    /// <summary>CR LF CR LF then something else is either garbage after a good record or a Content-Length too long by
    /// chance landing on a blank line; a record start inside the block tells the second case apart.</summary>
    private static bool BlockRunsOver(ReadOnlySpan<byte> available, int blockLength, int trailer) =>
        !NextIsRecord(available[(blockLength + trailer)..]) && ContainsRecordStart(available[..blockLength]);

    /// <summary>Bytes needed to tell a version line: <c>WARC/0.18</c> and a line end.</summary>
    private const int VersionLineBytes = 10;

    /// <summary>A record's first line: <c>WARC/1.x</c>, or the pre-standard <c>WARC/0.17</c> and <c>WARC/0.18</c>
    /// (Heritrix 1, ClueWeb09), whose named-field headers read the same way.</summary>
    private static bool IsVersionLine(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith("WARC/1."u8) || bytes.StartsWith("WARC/0.17"u8) || bytes.StartsWith("WARC/0.18"u8);

    private static bool ContainsRecordStart(ReadOnlySpan<byte> block)
    {
        int from = 0;
        while (true)
        {
            int hit = block[from..].IndexOf(VersionMarker);
            if (hit < 0) return false;
            int at = from + hit;
            if ((at == 0 || block[at - 1] == (byte)'\n') && IsVersionLine(block[at..])) return true;
            from = at + 1;
        }
    }

    private void SkipOversized(long recordStart, long length)
    {
        _window.Ensure(SampleBytes);
        var available = _window.Available;
        Quarantine(recordStart, $"record block of {length} bytes is larger than max_record_bytes ({_context.MaxRecordBytes}); skipped unread",
            available[..(int)Math.Min(Math.Min(length, available.Length), SampleBytes)]);
        _context.Counters.Add(ReaderCounters.Oversized);
        long skipped = _window.Skip(length);
        if (skipped < length) return;
        _window.Ensure(TrailerLookahead);
        int trailer = RecordEndAt(_window.Available, 0);
        if (trailer > 0) _window.Advance(trailer);
        else Resync();
    }

    /// <summary>Bytes before a record start that belong to no record (or a record of an unsupported WARC version):
    /// skipped to the next <c>WARC/</c> line, reported once.</summary>
    private void SkipGarbage(long start)
    {
        _window.Ensure(4096);
        var sample = _window.Available[..Math.Min(4096, _window.Available.Length)].ToArray();
        _window.Advance(1);
        _window.SkipTo(VersionMarker, _isRecordStart);
        _context.Counters.Add(ReaderCounters.GarbageRuns);
        string what = sample.AsSpan().StartsWith(VersionMarker)
            ? $"a record of an unsupported WARC version ({System.Text.Encoding.ASCII.GetString(sample.AsSpan(0, Math.Max(0, sample.AsSpan().IndexOfAny("\r\n"u8))))})"
            : "bytes that are not a WARC record";
        Quarantine(start, $"{_window.Position - start} {what} skipped (to the next WARC/ line)", sample);
    }

    /// <summary>Continues at the next <c>WARC/</c> line after the current position (the block start of a bad record).</summary>
    private void Resync() => _window.SkipTo(VersionMarker, _isRecordStart);

    private void SkipBlankLines()
    {
        while (true)
        {
            if (!_window.Ensure(1)) return;
            var available = _window.Available;
            int content = available.IndexOfAnyExcept("\r\n"u8);
            if (content >= 0) { _window.Advance(content); return; }
            _window.Advance(available.Length);
        }
    }

    private bool IsBreak(long offset)
    {
        foreach (long lost in _breaks)
            if (lost == offset) return true;
        return false;
    }

    private void Quarantine(long offset, string error, ReadOnlySpan<byte> sample)
    {
        _context.QuarantineRecord(offset, $"{error} (offset {offset} in the decompressed stream)", sample);
    }
}

/// <summary>A record whose framing checked out; its block is read through the parser.</summary>
/// <param name="TrailerLength">The blank lines after the block (4, or 2 in an LF-only file; 0 when truncated).</param>
/// <param name="Truncated">The file ended inside the block; the block is what arrived.</param>
internal readonly record struct WarcRecord(WarcHeaders Headers, long Offset, int BlockLength, int TrailerLength, bool Truncated);
