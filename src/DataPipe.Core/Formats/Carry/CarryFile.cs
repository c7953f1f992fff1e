using System.Text;
using DataPipe.Core.Documents;
using ZstdSharp;

namespace DataPipe.Core.Formats.Carry;

/// <summary>
/// The documents one pass task kept, handed to the same task of the next pass so that it reads them instead of the
/// raw shard: no second decompression, parsing, HTML extraction or charset decoding, and no replay of the stages
/// before the cut. A zstd stream (level 1: text compresses about 3×, at several hundred MB/s) of records: a tag byte
/// (<c>D</c>) then the document's ordinal, id, url, text and metadata in order (strings as UTF-8 with a 7-bit length
/// prefix), so every field — metadata order included — comes back as it was written. A last record (<c>E</c>) carries
/// the document count, so a cut-off file is an error, not a shorter pass.
/// </summary>
public static class CarryFile
{
    public const string Extension = ".carry.zst";
    private const int CompressionLevel = 1;
    private static readonly byte[] Magic = "DPCARRY1"u8.ToArray();
    private const byte DocumentTag = (byte)'D', EndTag = (byte)'E';

    /// <summary>Writes documents to <paramref name="output"/>; <see cref="Writer.Finish"/> seals the stream.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly CompressionStream _zstd;
        private readonly BinaryWriter _fields;
        private long _count;
        private bool _closed;

        public Writer(Stream output)
        {
            _zstd = new CompressionStream(output, CompressionLevel, leaveOpen: true);
            _fields = new BinaryWriter(_zstd, Encoding.UTF8, leaveOpen: true);
            _fields.Write(Magic);
        }

        public long Count => _count;

        public void Add(Document document)
        {
            _fields.Write(DocumentTag);
            _fields.Write(document.Position.Ordinal);
            _fields.Write(document.Id);
            _fields.Write(document.Url is not null);
            if (document.Url is not null) _fields.Write(document.Url);
            _fields.Write(document.Text);
            _fields.Write7BitEncodedInt(document.Metadata.Count);
            foreach (var (key, value) in document.Metadata)
            {
                _fields.Write(key);
                _fields.Write(value);
            }
            _count++;
        }

        /// <summary>Writes the end record and flushes the compressor into the output stream.</summary>
        public void Finish()
        {
            _fields.Write(EndTag);
            _fields.Write(_count);
            _fields.Flush();
            Close();
        }

        /// <summary>Without <see cref="Finish"/> (a failed task), what was written lacks its end record; the caller discards it.</summary>
        public void Dispose() => Close();

        private void Close()
        {
            if (_closed) return;
            _closed = true;
            _fields.Dispose();
            _zstd.Dispose();
        }
    }

    /// <summary>The documents of a carry file, in the order written; <paramref name="shard"/> is their input shard.</summary>
    /// <exception cref="InvalidDataException">The file is not a carry file, or ends before its end record.</exception>
    public static IEnumerable<Document> Read(Stream input, int shard, string name)
    {
        using var zstd = new DecompressionStream(input, leaveOpen: true);
        using var reader = new BinaryReader(zstd, Encoding.UTF8, leaveOpen: true);
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{name} is not a carry file (no {Encoding.ASCII.GetString(Magic)} header)");
        long read = 0;
        while (true)
        {
            Document document;
            try
            {
                byte tag = reader.ReadByte();
                if (tag == EndTag)
                {
                    long written = reader.ReadInt64();
                    if (written != read) throw new InvalidDataException($"{name} holds {read} documents but its end record says {written}");
                    yield break;
                }
                if (tag != DocumentTag) throw new InvalidDataException($"{name}: unknown record tag {tag} after {read} documents");
                document = ReadDocument(reader, shard);
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{name} ends after {read} documents without its end record: the file is cut off; run the build again with --force, or delete the done markers of the pass that wrote it");
            }
            read++;
            yield return document;
        }
    }

    private static Document ReadDocument(BinaryReader reader, int shard)
    {
        long ordinal = reader.ReadInt64();
        string id = reader.ReadString();
        string? url = reader.ReadBoolean() ? reader.ReadString() : null;
        string text = reader.ReadString();
        int fields = reader.Read7BitEncodedInt();
        var metadata = Document.NoMetadata;
        if (fields > 0)
        {
            var copy = new Dictionary<string, string>(fields, StringComparer.Ordinal);
            for (int i = 0; i < fields; i++)
            {
                string key = reader.ReadString();
                copy[key] = reader.ReadString();
            }
            metadata = copy;
        }
        return new Document { Id = id, Text = text, Url = url, Position = new SourcePosition(shard, ordinal), Metadata = metadata };
    }
}
