using DataPipe.Core.Documents;
using DataPipe.Core.Formats.Warc;
using DataPipe.Core.IO;
using Parquet;
using Parquet.Schema;

namespace DataPipe.Core.Output;

/// <summary>
/// FineWeb-style Parquet (<c>id</c>, <c>url</c>, <c>text</c>), then one nullable string column per well-known metadata
/// key (<see cref="MetadataColumns"/>, the same in every shard so shards union without care) and <c>metadata</c>, a
/// JSON object of any other keys (null when none). Zstd, one row group per <see cref="RowGroupSize"/> documents; a
/// shard with no documents is a valid file with the schema and no row groups.
/// </summary>
public sealed class ParquetDocumentSink : IDocumentSink
{
    public const int RowGroupSize = 2048;

    /// <summary>Metadata keys written as columns of their own, in this order.</summary>
    public static readonly IReadOnlyList<string> MetadataColumns =
    [
        MetadataKeys.RecordId, MetadataKeys.TargetUri, MetadataKeys.Date, MetadataKeys.RefersTo, MetadataKeys.Language,
        MetadataKeys.HttpStatus, MetadataKeys.ContentType, MetadataKeys.Charset, MetadataKeys.Truncated,
    ];

    private static readonly DataField<string> IdField = new("id");
    private static readonly DataField<string> UrlField = new("url");
    private static readonly DataField<string> TextField = new("text");
    private static readonly DataField<string>[] MetadataFields = MetadataColumns.Select(k => new DataField<string>(k)).ToArray();
    private static readonly DataField<string> OtherMetadataField = new("metadata");
    private static readonly ParquetSchema Schema = new([IdField, UrlField, TextField, .. MetadataFields, OtherMetadataField]);
    private static readonly HashSet<string> ColumnKeys = new(MetadataColumns, StringComparer.Ordinal);

    private readonly AtomicFile _file;
    private readonly ParquetWriter _writer;
    private readonly List<Document> _pending = new(RowGroupSize);
    private bool _writerClosed;

    public ParquetDocumentSink(string path)
    {
        _file = AtomicFile.Create(path);
        _writer = ParquetWriter.CreateAsync(Schema, _file.Stream, new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Zstd,
            CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
        }).GetAwaiter().GetResult();
    }

    public void Write(Document document)
    {
        _pending.Add(document);
        if (_pending.Count == RowGroupSize) Flush();
    }

    public void Commit()
    {
        Flush();
        CloseWriter();
        _file.Commit();
    }

    public void Dispose()
    {
        // On abort the footer still goes into the temporary file, which AtomicFile then deletes.
        CloseWriter();
        _file.Dispose();
    }

    private void CloseWriter()
    {
        if (_writerClosed) return;
        _writerClosed = true;
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private void Flush()
    {
        if (_pending.Count == 0) return;
        using (var group = _writer.CreateRowGroup())
        {
            group.WriteAsync(IdField, _pending.Select(d => d.Id).ToArray()).GetAwaiter().GetResult();
            group.WriteAsync(UrlField, _pending.Select(d => d.Url).ToArray()).GetAwaiter().GetResult();
            group.WriteAsync(TextField, _pending.Select(d => d.Text).ToArray()).GetAwaiter().GetResult();
            for (int i = 0; i < MetadataFields.Length; i++)
            {
                string key = MetadataColumns[i];
                group.WriteAsync(MetadataFields[i], _pending.Select(d => d.Metadata.GetValueOrDefault(key)).ToArray()).GetAwaiter().GetResult();
            }
            group.WriteAsync(OtherMetadataField, _pending.Select(OtherMetadata).ToArray()).GetAwaiter().GetResult();
        }
        _pending.Clear();
    }

    /// <summary>The keys without a column of their own, as a JSON object in ordinal key order; null when there are none.</summary>
    private static string? OtherMetadata(Document document)
    {
        if (document.Metadata.Count == 0 || document.Metadata.Keys.All(ColumnKeys.Contains)) return null;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var (k, v) in document.Metadata.Where(p => !ColumnKeys.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(k, v);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
