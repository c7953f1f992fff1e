using System.Security.Cryptography;

namespace DataPipe.Core.IO;

/// <summary>
/// A forward-only stream in front of another that hashes (SHA-256) and counts every byte on its way, so a writer's
/// output is known by its hash the moment it is finished, without reading the file back. It reports itself seekable
/// (Arrow's file writer insists, to read its position) but moves nowhere: a seek to anywhere but the current end
/// throws, because a writer that went back would make the hash a lie.
/// </summary>
public sealed class HashingWriteStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _written;
    private string? _sha256;

    public override bool CanRead => false;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set
        {
            if (value != _written) throw new NotSupportedException("a hashed stream is written forward only");
        }
    }

    /// <summary>Bytes written so far.</summary>
    public long Written => _written;

    /// <summary>Lower-case hex SHA-256 of everything written; no write may follow.</summary>
    public string FinishHash() => _sha256 ??= Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_sha256 is not null) throw new InvalidOperationException("the hash was already taken");
        _hash.AppendData(buffer);
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin)
    {
        // The end is the current position: nothing is written past it.
        long target = origin == SeekOrigin.Begin ? offset : _written + offset;
        return target == _written ? _written : throw new NotSupportedException("a hashed stream is written forward only");
    }
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
