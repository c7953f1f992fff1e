namespace DataPipe.Core.IO;

/// <summary>
/// A forward-only, read-only view of bytes [start, end) of a seekable stream (end -1: to its end), for a task that reads
/// one range of a big file. Leaves the inner stream open: the task that opened it closes it.
/// </summary>
public sealed class ByteRangeStream : Stream
{
    private readonly Stream _inner;
    private long _remaining;

    public ByteRangeStream(Stream inner, long start, long end)
    {
        if (!inner.CanSeek) throw new NotSupportedException("reading a range of a file needs a seekable stream");
        _inner = inner;
        inner.Seek(start, SeekOrigin.Begin);
        _remaining = end < 0 ? long.MaxValue : end - start;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0 || buffer.IsEmpty) return 0;
        int n = _inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
