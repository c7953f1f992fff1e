using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DataPipe.Core.Classification.FastText;

/// <summary>Little-endian reads of a fastText model file, with errors that name the file and the offset.</summary>
internal sealed class FastTextReader(Stream stream, string path)
{
    private readonly byte[] _scratch = new byte[8];

    public string Path { get; } = path;

    public InvalidDataException Invalid(string problem) =>
        new($"{Path}: not a loadable fastText model at byte {stream.Position}: {problem}");

    private void Fill(Span<byte> into)
    {
        int read = 0;
        while (read < into.Length)
        {
            int n = stream.Read(into[read..]);
            if (n == 0) throw Invalid($"file ends early (wanted {into.Length - read} more bytes)");
            read += n;
        }
    }

    public int Int32()
    {
        Fill(_scratch.AsSpan(0, 4));
        return BinaryPrimitives.ReadInt32LittleEndian(_scratch);
    }

    public long Int64()
    {
        Fill(_scratch.AsSpan(0, 8));
        return BinaryPrimitives.ReadInt64LittleEndian(_scratch);
    }

    public double Double()
    {
        Fill(_scratch.AsSpan(0, 8));
        return BinaryPrimitives.ReadDoubleLittleEndian(_scratch);
    }

    public byte Byte()
    {
        int b = stream.ReadByte();
        if (b < 0) throw Invalid("file ends early");
        return (byte)b;
    }

    public bool Bool() => Byte() != 0;

    public byte[] Bytes(long count)
    {
        if (count < 0 || count > Array.MaxLength || count > stream.Length - stream.Position)
            throw Invalid($"{count} bytes announced but the file has {stream.Length - stream.Position} left");
        var data = new byte[count];
        Fill(data);
        return data;
    }

    public float[] Floats(long count)
    {
        if (count < 0 || count > Array.MaxLength || count * 4 > stream.Length - stream.Position)
            throw Invalid($"{count} floats announced but the file has {stream.Length - stream.Position} bytes left");
        var data = new float[count];
        Fill(MemoryMarshal.AsBytes(data.AsSpan()));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("fastText models are read on little-endian machines only");
        return data;
    }

    /// <summary>A NUL-terminated byte string (a dictionary entry), appended to <paramref name="into"/>.</summary>
    public int CString(List<byte> into)
    {
        int start = into.Count;
        while (true)
        {
            byte b = Byte();
            if (b == 0) return into.Count - start;
            into.Add(b);
        }
    }
}
