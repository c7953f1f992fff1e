using System.Buffers;

namespace DataPipe.Core.Formats;

/// <summary>
/// Splits a byte stream into lines without decoding them or allocating per line. A line longer than
/// <c>maxLineBytes</c> is skipped to its end and reported as oversized, so one runaway line cannot exhaust memory.
/// </summary>
public sealed class LineReader : IDisposable
{
    private const int HeadBytes = 4096;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _head = new byte[HeadBytes];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLineBytes = Math.Max(16, maxLineBytes);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(1 << 16, _maxLineBytes + 1));
    }

    /// <summary>Offset of the current line's first byte in the stream.</summary>
    public long LineOffset { get; private set; }

    /// <summary>Total bytes consumed so far.</summary>
    public long Consumed { get; private set; }

    /// <summary>
    /// Next line without its terminator (<c>\n</c> or <c>\r\n</c>). Returns false at end of stream.
    /// <paramref name="oversized"/> is true when the line exceeded the limit; <paramref name="line"/> then holds only its first bytes.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool oversized)
    {
        oversized = false;
        LineOffset = Consumed;
        int scanFrom = _start;
        while (true)
        {
            int nl = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int lineEnd = scanFrom + nl;
                int end = lineEnd > _start && _buffer[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
                line = _buffer.AsSpan(_start, end - _start);
                Consumed += lineEnd + 1 - _start;
                _start = lineEnd + 1;
                return true;
            }
            if (_eof)
            {
                if (_end == _start) { line = default; return false; }
                int last = _end > _start && _buffer[_end - 1] == (byte)'\r' ? _end - 1 : _end; // a final line without LF
                line = _buffer.AsSpan(_start, last - _start);
                Consumed += _end - _start;
                _start = _end;
                return true;
            }
            if (_end - _start > _maxLineBytes)
            {
                oversized = true;
                line = SkipOversizedLine();
                return true;
            }
            scanFrom = _end - _start; // relative to the compacted buffer
            Fill();
            scanFrom += _start;
        }
    }

    private ReadOnlySpan<byte> SkipOversizedLine()
    {
        int headLength = Math.Min(HeadBytes, _end - _start);
        _buffer.AsSpan(_start, headLength).CopyTo(_head);
        Consumed += _end - _start;
        _start = _end = 0;
        while (true)
        {
            int n = _stream.Read(_buffer, 0, _buffer.Length);
            if (n == 0) { _eof = true; break; }
            int nl = _buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (nl < 0) { Consumed += n; continue; }
            Consumed += nl + 1;
            _start = nl + 1;
            _end = n;
            break;
        }
        return _head.AsSpan(0, headLength);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxLineBytes + 2));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
