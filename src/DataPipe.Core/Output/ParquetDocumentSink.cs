using DataPipe.Core.Documents;
using DataPipe.Core.IO;
using Parquet;
using Parquet.Schema;

namespace DataPipe.Core.Output;

/// <summary>FineWeb-style Parquet (<c>id</c>, <c>url</c>, <c>text</c>), Zstd, one row group per <see cref="RowGroupSize"/> documents.</summary>
public sealed class ParquetDocumentSink : IDocumentSink
{
    public const int RowGroupSize = 2048;

    private static readonly DataField<string> IdField = new("id");
    private static readonly DataField<string> UrlField = new("url");
    private static readonly DataField<string> TextField = new("text");
    private static readonly ParquetSchema Schema = new(IdField, UrlField, TextField);

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
        }
        _pending.Clear();
    }
}
