using System.Runtime.InteropServices;
using DataPipe.Core.IO;

namespace DataPipe.Core.Tokenization.Learning;

/// <summary>
/// One shard's pre-token counts: how many documents and UTF-8 bytes were counted, then every distinct pre-token with
/// its count, sorted by ordinal order so the file depends only on the shard's text. Words are stored as their UTF-16
/// code units, so a word reads back exactly as it was counted (even a lone surrogate).
/// </summary>
internal static class WordCountFile
{
    private const uint Magic = 0x31435744; // "DWC1"

    public sealed record Totals(long Documents, long Bytes);

    public static void Write(string path, Dictionary<string, long> words, long documents, long bytes)
    {
        var sorted = words.Keys.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        using var file = AtomicFile.Create(path);
        using (var writer = new BinaryWriter(file.Stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(documents);
            writer.Write(bytes);
            writer.Write(sorted.Length);
            foreach (string word in sorted)
            {
                writer.Write(word.Length);
                writer.Write(MemoryMarshal.AsBytes(word.AsSpan()));
                writer.Write(words[word]);
            }
        }
        file.Commit();
    }

    /// <summary>Adds the file's counts into <paramref name="total"/> and returns its document and byte totals.</summary>
    public static Totals AddTo(string path, Dictionary<string, long> total)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing: the sign task of its shard did not complete");
        using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
        if (reader.ReadUInt32() != Magic) throw new InvalidDataException($"{path} is not a word count file");
        long documents = reader.ReadInt64(), bytes = reader.ReadInt64();
        int count = reader.ReadInt32();
        var lookup = total.GetAlternateLookup<ReadOnlySpan<char>>();
        char[] buffer = new char[256];
        for (int i = 0; i < count; i++)
        {
            int length = reader.ReadInt32();
            if (buffer.Length < length) buffer = new char[Math.Max(length, buffer.Length * 2)];
            var word = buffer.AsSpan(0, length);
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(word));
            long n = reader.ReadInt64();
            lookup[word] = lookup.TryGetValue(word, out long seen) ? seen + n : n;
        }
        return new Totals(documents, bytes);
    }
}
