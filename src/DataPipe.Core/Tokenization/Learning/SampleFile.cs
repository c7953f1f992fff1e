using System.Runtime.InteropServices;
using DataPipe.Core.IO;

namespace DataPipe.Core.Tokenization.Learning;

/// <summary>
/// One shard's sample candidates in sampling order: a header, every entry (key, position, bytes), then each entry's
/// text as UTF-16 code units in the same order. The entries come first so the resolve task can find the global cut
/// from every shard's small index before it reads any text.
/// </summary>
internal static class SampleFile
{
    private const uint Magic = 0x31535444; // "DTS1"

    public static void Write(string path, ReadOnlySpan<SampleEntry> entries, Func<int, ReadOnlyMemory<char>> textOf)
    {
        using var file = AtomicFile.Create(path);
        using (var writer = new BinaryWriter(file.Stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(entries.Length);
            writer.Write(MemoryMarshal.AsBytes(entries));
            for (int i = 0; i < entries.Length; i++)
            {
                var text = textOf(i).Span;
                writer.Write(text.Length);
                writer.Write(MemoryMarshal.AsBytes(text));
            }
        }
        file.Commit();
    }

    public static SampleEntry[] ReadEntries(string path)
    {
        using var reader = Open(path, out int count);
        var entries = new SampleEntry[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(entries.AsSpan()));
        return entries;
    }

    /// <summary>The texts of the file's entries that sort at or before <paramref name="last"/>, in file order.</summary>
    public static IEnumerable<string> TextsUpTo(string path, SampleEntry last)
    {
        var entries = ReadEntries(path);
        int take = 0;
        while (take < entries.Length && entries[take].CompareTo(last) <= 0) take++;
        if (take == 0) yield break;
        using var reader = Open(path, out _);
        reader.BaseStream.Seek((long)entries.Length * Marshal.SizeOf<SampleEntry>(), SeekOrigin.Current);
        for (int i = 0; i < take; i++)
        {
            int length = reader.ReadInt32();
            yield return string.Create(length, reader.BaseStream, static (chars, stream) => stream.ReadExactly(MemoryMarshal.AsBytes(chars)));
        }
    }

    private static BinaryReader Open(string path, out int count)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing: the sign task of its shard did not complete");
        var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
        try
        {
            if (reader.ReadUInt32() != Magic) throw new InvalidDataException($"{path} is not a tokenizer sample file");
            count = reader.ReadInt32();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }
}
