using System.IO.Compression;
using System.Text.Json;
using DataPipe.Core.Documents;
using DataPipe.Core.IO;

namespace DataPipe.Core.Output;

/// <summary>
/// One JSON object per line (<c>id</c>, <c>url</c>, <c>text</c>, <c>metadata</c> with its keys in ordinal order),
/// gzip-compressed. A shard with no documents is still a valid gzip file: one empty member.
/// </summary>
public sealed class JsonlDocumentSink : IDocumentSink
{
    /// <summary>A gzip member holding nothing (RFC 1952: header, an empty final stored block, CRC 0, size 0) —
    /// what <c>gzip -c /dev/null</c> writes, minus the name and time.</summary>
    private static ReadOnlySpan<byte> EmptyMember => [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly AtomicFile _file;
    private readonly GZipStream _gzip;
    private readonly Utf8JsonWriter _json;

    public JsonlDocumentSink(string path)
    {
        _file = AtomicFile.Create(path);
        _gzip = new GZipStream(_file.Stream, CompressionLevel.Fastest, leaveOpen: true);
        _json = new Utf8JsonWriter(_gzip, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public void Write(Document document)
    {
        _json.WriteStartObject();
        _json.WriteString("id", document.Id);
        if (document.Url is not null) _json.WriteString("url", document.Url);
        _json.WriteString("text", document.Text);
        if (document.Metadata.Count > 0)
        {
            _json.WriteStartObject("metadata");
            foreach (var (k, v) in document.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) _json.WriteString(k, v);
            _json.WriteEndObject();
        }
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _gzip.WriteByte((byte)'\n');
    }

    public void Commit()
    {
        _json.Dispose();
        _gzip.Dispose();
        // GZipStream writes no member at all when nothing was written to it: a 0-byte .gz that gzip -t rejects.
        if (_file.Stream.Length == 0) _file.Stream.Write(EmptyMember);
        _file.Commit();
    }

    public void Dispose()
    {
        _json.Dispose();
        _gzip.Dispose();
        _file.Dispose();
    }
}
