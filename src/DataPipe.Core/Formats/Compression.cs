using System.IO.Compression;
using ZstdSharp;

namespace DataPipe.Core.Formats;

/// <summary>Opens a shard's bytes decompressed, by file name (<c>.gz</c> with every member, <c>.zst</c>), else as is.</summary>
public static class Compression
{
    public static Stream OpenDecompressed(Stream raw, string name)
    {
        if (IsGzip(name))
            return new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true); // .NET reads concatenated members
        if (IsZstd(name))
            return new DecompressionStream(raw, leaveOpen: true);
        return NonClosing(raw);
    }

    /// <summary>Whether <see cref="OpenDecompressed"/> decompresses a file of this name.</summary>
    public static bool IsCompressed(string name) => IsGzip(name) || IsZstd(name);

    private static bool IsGzip(string name) => name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    public static bool IsZstd(string name) =>
        name.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".zstd", StringComparison.OrdinalIgnoreCase);

    /// <summary>A view of <paramref name="inner"/> a reader may dispose without closing the runner's file.</summary>
    public static Stream NonClosing(Stream inner) => new NonClosingStream(inner);

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
