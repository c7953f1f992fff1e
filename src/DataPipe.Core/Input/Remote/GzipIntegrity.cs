using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace DataPipe.Core.Input.Remote;

/// <summary>
/// Checks that a (multi-member) gzip file is complete: every member inflates to its end and its trailer's CRC-32
/// and size match. GZipStream alone accepts a truncated file silently, so it cannot tell a short shard from a whole one.
/// </summary>
public static class GzipIntegrity
{
    private const int HeaderSize = 10;
    private const int TrailerSize = 8;

    /// <summary>Null when the file is complete, else why not.</summary>
    public static string? Check(string path, CancellationToken cancellation = default)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        long length = file.Length;
        if (length == 0) return "empty file";
        long memberStart = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (memberStart < length)
            {
                cancellation.ThrowIfCancellationRequested();
                file.Position = memberStart;
                long dataStart = SkipHeader(file, length, out string? headerProblem);
                if (headerProblem is not null) return $"{headerProblem} at byte {memberStart}";

                file.Position = dataStart;
                var crc = new Crc32();
                uint size = 0;
                using (var inflate = new DeflateStream(file, CompressionMode.Decompress, leaveOpen: true))
                {
                    int n;
                    try
                    {
                        while ((n = inflate.Read(buffer)) > 0)
                        {
                            crc.Append(buffer.AsSpan(0, n));
                            size = unchecked(size + (uint)n);
                        }
                    }
                    catch (InvalidDataException e)
                    {
                        return $"corrupt deflate data in the member at byte {memberStart}: {e.Message}";
                    }
                }
                long trailer = FindTrailer(file, dataStart, file.Position, length, crc.GetCurrentHashAsUInt32(), size);
                if (trailer < 0) return $"the member at byte {memberStart} has no matching trailer (truncated)";
                memberStart = trailer + TrailerSize;
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long SkipHeader(FileStream file, long length, out string? problem)
    {
        problem = null;
        Span<byte> header = stackalloc byte[HeaderSize];
        if (file.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize) { problem = "truncated gzip header"; return -1; }
        if (header[0] != 0x1f || header[1] != 0x8b || header[2] != 8) { problem = "not a gzip member"; return -1; }
        byte flags = header[3];
        Span<byte> two = stackalloc byte[2];
        if ((flags & 4) != 0) // FEXTRA
        {
            if (file.ReadAtLeast(two, 2, false) < 2) { problem = "truncated gzip header"; return -1; }
            file.Position += BinaryPrimitives.ReadUInt16LittleEndian(two);
        }
        if ((flags & 8) != 0 && !SkipZeroTerminated(file)) { problem = "truncated gzip header"; return -1; } // FNAME
        if ((flags & 16) != 0 && !SkipZeroTerminated(file)) { problem = "truncated gzip header"; return -1; } // FCOMMENT
        if ((flags & 2) != 0) file.Position += 2; // FHCRC
        if (file.Position > length) { problem = "truncated gzip header"; return -1; }
        return file.Position;
    }

    private static bool SkipZeroTerminated(FileStream file)
    {
        int b;
        while ((b = file.ReadByte()) > 0) { }
        return b == 0;
    }

    /// <summary>The inflater reads ahead of the deflate data's end, so the trailer lies somewhere before where it stopped:
    /// look for the expected CRC-32 and size followed by the end of file or the next member's magic.</summary>
    private static long FindTrailer(FileStream file, long dataStart, long consumed, long length, uint crc, uint size)
    {
        Span<byte> expected = stackalloc byte[TrailerSize];
        BinaryPrimitives.WriteUInt32LittleEndian(expected, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(expected[4..], size);
        long windowStart = Math.Max(dataStart, consumed - (1 << 17));
        long windowEnd = Math.Min(length, consumed + TrailerSize + 2);
        int windowLength = (int)(windowEnd - windowStart);
        byte[] window = ArrayPool<byte>.Shared.Rent(Math.Max(windowLength, 1));
        try
        {
            file.Position = windowStart;
            int read = file.ReadAtLeast(window.AsSpan(0, windowLength), windowLength, throwOnEndOfStream: false);
            var span = window.AsSpan(0, read);
            int from = 0;
            while (from < span.Length)
            {
                int hit = span[from..].IndexOf(expected);
                if (hit < 0) return -1;
                long at = windowStart + from + hit;
                long after = at + TrailerSize;
                if (after == length) return at;
                int next = (int)(after - windowStart);
                if (next + 1 < span.Length && span[next] == 0x1f && span[next + 1] == 0x8b) return at;
                from += hit + 1;
            }
            return -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }
    }
}
