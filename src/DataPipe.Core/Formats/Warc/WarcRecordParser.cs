using DataPipe.Core.Documents;
using DataPipe.Core.Formats.Gzip;

namespace DataPipe.Core.Formats.Warc;

/// <summary>
/// Walks the records of a decompressed WARC stream. A record is trusted only when its block is followed by
/// CR LF CR LF and then the next <c>WARC/1.</c> line (or the end); anything else — a wrong Content-Length, garbage,
/// a record cut by a damaged gzip member — is quarantined with its decompressed-stream offset and the parser resyncs
/// at the next <c>WARC/1.</c> line.
/// </summary>
internal sealed class WarcRecordParser
{
    private const int MaxHeaderLineBytes = 64 << 10;
    private const int MaxHeaderBytes = 1 << 20;
    private const int MaxHeaderLines = 512;
    private const int SampleBytes = 64 << 10;
    private const int TrailerLookahead = 4 + 32 + 7;

    private static ReadOnlySpan<byte> VersionMarker => "WARC/1."u8;

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
            if (!_window.Ensure(VersionMarker.Length) || !_window.Available.StartsWith(VersionMarker))
            {
                SkipGarbage(recordStart);
                continue;
            }
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
            _window.Ensure(blockLength + TrailerLookahead);
            string? problem = CheckBlock(recordStart, blockLength);
            if (problem != null)
            {
                var available = _window.Available;
                Quarantine(recordStart, problem, available[..Math.Min(available.Length, SampleBytes)]);
                Resync();
                continue;
            }
            _context.Counters.Add("records");
            if (_headers.Type is null)
            {
                Quarantine(recordStart, "record has no WARC-Type", _window.Available[..Math.Min(blockLength, SampleBytes)]);
                _window.Advance(blockLength + 4);
                continue;
            }
            record = new WarcRecord(_headers, recordStart, blockLength);
            return true;
        }
    }

    /// <summary>The block of the record last returned; valid until <see cref="Consume"/>.</summary>
    public ReadOnlySpan<byte> Block(in WarcRecord record) => _window.Available[..record.BlockLength];

    public void Consume(in WarcRecord record) => _window.Advance(record.BlockLength + 4);

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

    private string? CheckBlock(long recordStart, int blockLength)
    {
        var available = _window.Available;
        long blockEnd = _window.Position + blockLength;
        foreach (long lost in _breaks)
            if (lost > recordStart && lost <= blockEnd)
                return $"record is cut by a damaged gzip member (bytes lost at decompressed offset {lost})";
        foreach (var (start, end) in _damaged)
            if (start < blockEnd + 4 && end > recordStart)
                return $"record comes from a damaged gzip member (decompressed offsets {start}-{end})";
        if (available.Length < blockLength)
            return $"block cut short: Content-Length {blockLength} but only {available.Length} bytes follow (end of stream)";
        var after = available[blockLength..];
        if (!after.StartsWith("\r\n\r\n"u8))
            return $"Content-Length {blockLength} is wrong: the block is not followed by CR LF CR LF";
        after = after[4..];
        int next = after.IndexOfAnyExcept("\r\n"u8);
        bool nextIsRecord = next < 0 ? after.Length < TrailerLookahead - 4 : after[next..].StartsWith(VersionMarker[..Math.Min(VersionMarker.Length, after.Length - next)]);
        // CR LF CR LF then something else is either garbage after a good record or a Content-Length too long by
        // chance landing on a blank line; a record start inside the block tells the second case apart.
        if (!nextIsRecord && ContainsRecordStart(available[..blockLength]))
            return $"Content-Length {blockLength} is wrong: the block runs over the next WARC/1. record";
        return null;
    }

    private static bool ContainsRecordStart(ReadOnlySpan<byte> block)
    {
        int from = 0;
        while (true)
        {
            int hit = block[from..].IndexOf(VersionMarker);
            if (hit < 0) return false;
            int at = from + hit;
            if (at == 0 || block[at - 1] == (byte)'\n') return true;
            from = at + 1;
        }
    }

    private void SkipOversized(long recordStart, long length)
    {
        _window.Ensure(SampleBytes);
        var available = _window.Available;
        Quarantine(recordStart, $"record block of {length} bytes is larger than max_record_bytes ({_context.MaxRecordBytes}); skipped unread",
            available[..(int)Math.Min(Math.Min(length, available.Length), SampleBytes)]);
        _context.Counters.Add("oversized");
        long skipped = _window.Skip(length);
        if (skipped < length) return;
        _window.Ensure(TrailerLookahead);
        if (_window.Available.StartsWith("\r\n\r\n"u8)) _window.Advance(4);
        else Resync();
    }

    /// <summary>Bytes before a record start that belong to no record: skipped to the next <c>WARC/1.</c> line, reported once.</summary>
    private void SkipGarbage(long start)
    {
        _window.Ensure(4096);
        var sample = _window.Available[..Math.Min(4096, _window.Available.Length)].ToArray();
        _window.Advance(1);
        _window.SkipTo(VersionMarker, _isRecordStart);
        _context.Counters.Add("garbage_runs");
        Quarantine(start, $"{_window.Position - start} bytes that are not a WARC record skipped (to the next WARC/1. line)", sample);
    }

    /// <summary>Continues at the next <c>WARC/1.</c> line after the current position (the block start of a bad record).</summary>
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
        _context.Counters.Add("quarantined");
        _context.Quarantine.Add(_context.Shard.Path, offset, $"{error} (offset {offset} in the decompressed stream)", sample);
    }
}

/// <summary>A record whose framing checked out; its block is read through the parser.</summary>
internal readonly record struct WarcRecord(WarcHeaders Headers, long Offset, int BlockLength);
