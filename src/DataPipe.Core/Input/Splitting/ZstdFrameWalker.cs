using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// Lists a zstd file's frames from their headers alone (RFC 8878): a frame's length is its header, its blocks'
/// 3-byte headers and sizes, and its checksum, so no byte is decompressed. Throws <see cref="InvalidDataException"/>
/// on anything that is not a well-formed sequence of frames filling the file.
/// </summary>
public static class ZstdFrameWalker
{
    private const uint FrameMagic = 0xFD2FB528;
    private const uint SkippableMagicMask = 0xFFFFFFF0, SkippableMagic = 0x184D2A50;
    private const int MaxBlockBytes = 128 << 10;

    public static List<ZstdFrame> Frames(SafeFileHandle file)
    {
        long length = RandomAccess.GetLength(file);
        var frames = new List<ZstdFrame>();
        long position = 0;
        Span<byte> header = stackalloc byte[18];
        while (position < length)
        {
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(file, position, header[..4], length));
            long end;
            bool skippable = (magic & SkippableMagicMask) == SkippableMagic;
            if (skippable)
                end = position + 8 + BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(file, position + 4, header[..4], length));
            else if (magic == FrameMagic)
                end = DataFrameEnd(file, position, length, header);
            else
                throw new InvalidDataException($"no zstd frame magic at offset {position} (0x{magic:X8})");
            if (end > length) throw new InvalidDataException($"the frame at offset {position} runs past the end of the file");
            frames.Add(new ZstdFrame(position, end - position, skippable));
            position = end;
        }
        return frames;
    }

    private static long DataFrameEnd(SafeFileHandle file, long start, long length, Span<byte> header)
    {
        byte descriptor = ReadExactly(file, start + 4, header[..1], length)[0];
        if ((descriptor & 0x08) != 0) throw new InvalidDataException($"the frame at offset {start} sets the reserved header bit");
        int contentSizeFlag = descriptor >> 6;
        bool singleSegment = (descriptor & 0x20) != 0;
        bool checksum = (descriptor & 0x04) != 0;
        int dictionaryBytes = (descriptor & 0x03) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        int contentSizeBytes = contentSizeFlag switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        long position = start + 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
        while (true)
        {
            var block = ReadExactly(file, position, header[..3], length);
            int value = block[0] | block[1] << 8 | block[2] << 16;
            bool last = (value & 1) != 0;
            int type = (value >> 1) & 3;
            int size = value >> 3;
            if (type == 3) throw new InvalidDataException($"reserved block type at offset {position}");
            if (size > MaxBlockBytes) throw new InvalidDataException($"a block of {size} bytes (over 128 KiB) at offset {position}");
            // An RLE block stores its one byte; its size is the decompressed run length.
            position += 3 + (type == 1 ? 1 : size);
            if (last) break;
            if (position >= length) throw new InvalidDataException($"the frame at offset {start} has no last block");
        }
        return position + (checksum ? 4 : 0);
    }

    private static Span<byte> ReadExactly(SafeFileHandle file, long offset, Span<byte> into, long length)
    {
        if (offset + into.Length > length) throw new InvalidDataException($"the file ends inside a frame header at offset {offset}");
        int read = 0;
        while (read < into.Length)
        {
            int n = RandomAccess.Read(file, into[read..], offset + read);
            if (n <= 0) throw new InvalidDataException($"the file ends inside a frame header at offset {offset}");
            read += n;
        }
        return into;
    }
}
