using System.Buffers;

namespace DataPipe.Core.Formats.Warc;

/// <summary>
/// A pooled, growable look-ahead window over a stream with absolute offsets: a parser can look at the next N bytes
/// (a whole record block, bounded by the caller), decide, and only then consume them — which is what lets a record
/// with a wrong Content-Length be re-scanned from its block start.
/// </summary>
internal sealed class ByteWindow : IDisposable
{
    private const int InitialBytes = 1 << 16;

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBytes);
    private int _start;
    private int _end;
    private long _base; // stream offset of _buffer[0]
    private bool _eof;

    /// <param name="origin">The stream's first byte's offset in its file: a range of a split file reports whole-file offsets.</param>
    public ByteWindow(Stream stream, long origin = 0)
    {
        _stream = stream;
        _base = origin;
    }

    /// <summary>Stream offset of the next unconsumed byte.</summary>
    public long Position => _base + _start;

    public ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

    public bool AtEnd => _start == _end && !Ensure(1);

    /// <summary>Makes at least <paramref name="count"/> bytes available unless the stream ends first.</summary>
    public bool Ensure(int count)
    {
        while (_end - _start < count)
        {
            if (_eof) return false;
            if (_start > 0 && (_buffer.Length - _end < count || _start > _buffer.Length / 2)) Compact();
            if (_buffer.Length - _start < count) Grow(count);
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) { _eof = true; return false; }
            _end += n;
        }
        return true;
    }

    public void Advance(int count) => _start += count;

    /// <summary>Gives back the last <paramref name="count"/> consumed bytes. Only bytes of the line just read are
    /// certain to still be in the buffer, so that is all a caller may rewind.</summary>
    public void Rewind(int count)
    {
        if (count < 0 || count > _start) throw new ArgumentOutOfRangeException(nameof(count), count, "bytes no longer held");
        _start -= count;
    }

    /// <summary>Consumes the next line (without CR LF). False at end of stream, or when no line end comes within
    /// <paramref name="maxBytes"/> (then nothing is consumed and <paramref name="tooLong"/> is set).</summary>
    public bool TryReadLine(int maxBytes, out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        int searched = 0;
        while (true)
        {
            var window = Available;
            int nl = window[searched..].IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int length = searched + nl;
                line = window[..(length > 0 && window[length - 1] == (byte)'\r' ? length - 1 : length)];
                _start += length + 1;
                return true;
            }
            searched = window.Length;
            if (searched > maxBytes) { tooLong = true; line = default; return false; }
            if (!Ensure(searched + 1))
            {
                line = Available;
                _start = _end;
                return !line.IsEmpty;
            }
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes without keeping them; returns how many there were.</summary>
    public long Skip(long count)
    {
        long skipped = 0;
        while (skipped < count)
        {
            if (_start == _end && !Ensure(1)) break;
            int step = (int)Math.Min(count - skipped, _end - _start);
            _start += step;
            skipped += step;
        }
        return skipped;
    }

    /// <summary>
    /// Consumes bytes up to the next occurrence of <paramref name="marker"/> that <paramref name="accept"/> approves
    /// (given its stream offset and the byte before it, or -1); false (everything consumed) when there is none.
    /// </summary>
    public bool SkipTo(ReadOnlySpan<byte> marker, Func<long, int, bool> accept)
    {
        while (true)
        {
            var window = Available;
            int from = 0;
            while (true)
            {
                int hit = window[from..].IndexOf(marker);
                if (hit < 0) break;
                int at = from + hit;
                int before = at > 0 ? window[at - 1] : (_start > 0 ? _buffer[_start - 1] : -1);
                if (accept(Position + at, before)) { _start += at; return true; }
                from = at + 1;
            }
            // Keep a marker's worth of tail (and the byte before it) so a marker split across reads is still found.
            int keep = Math.Min(window.Length, marker.Length);
            _start += window.Length - keep;
            if (!Ensure(keep + 1)) { _start = _end; return false; }
        }
    }

    private void Compact()
    {
        // Keep one byte of history: a resync needs to know whether a marker starts a line.
        int from = Math.Max(0, _start - 1);
        Buffer.BlockCopy(_buffer, from, _buffer, 0, _end - from);
        _base += from;
        _start -= from;
        _end -= from;
    }

    private void Grow(int count)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(checked(_start + count + InitialBytes));
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
