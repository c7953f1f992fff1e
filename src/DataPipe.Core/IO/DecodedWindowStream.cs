using System.Buffers;

namespace DataPipe.Core.IO;

/// <summary>
/// A read-only view of a decompressed stream that drops its first <c>skip</c> bytes and ends <c>length</c> bytes later
/// (-1: at its end), for a task reading one range of a compressed file from a frame start. Disposes the stream it views.
/// </summary>
public sealed class DecodedWindowStream(Stream inner, long skip, long length) : Stream
{
    private long _skip = skip;
    private long _remaining = length < 0 ? long.MaxValue : length;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_skip > 0) SkipAhead();
        if (_remaining <= 0 || buffer.IsEmpty) return 0;
        int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    private void SkipAhead()
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(64 << 10);
        try
        {
            while (_skip > 0)
            {
                int n = inner.Read(scratch, 0, (int)Math.Min(scratch.Length, _skip));
                if (n <= 0) throw new EndOfStreamException($"the decompressed stream ended {_skip} bytes before the range's first line");
                _skip -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
