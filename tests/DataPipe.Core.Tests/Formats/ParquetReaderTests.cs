using DataPipe.Core.Documents;
using DataPipe.Core.Output;
using Parquet;
using Parquet.Schema;

namespace DataPipe.Core.Tests.Formats;

public sealed class ParquetReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Round_trip_through_the_document_sink_across_row_groups()
    {
        string path = _dir.File("docs.parquet");
        int count = ParquetDocumentSink.RowGroupSize * 2 + 17;
        using (var sink = new ParquetDocumentSink(path))
        {
            for (int i = 0; i < count; i++)
                sink.Write(new Document { Id = $"d{i}", Text = $"text {i} ✓", Url = i % 3 == 0 ? null : $"https://e.com/{i}", Position = new SourcePosition(0, i) });
            sink.Commit();
        }
        var run = ReaderRun.Of(path, "parquet");

        Assert.Equal(count, run.Documents.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal($"d{i}", run.Documents[i].Id);
            Assert.Equal($"text {i} ✓", run.Documents[i].Text);
            Assert.Equal(i % 3 == 0 ? null : $"https://e.com/{i}", run.Documents[i].Url);
            Assert.Equal(new SourcePosition(3, i), run.Documents[i].Position);
        }
        Assert.Empty(run.Quarantined);
    }

    [Fact]
    public async Task File_written_by_parquet_net_with_fineweb_columns_and_a_custom_text_field()
    {
        string path = _dir.File("fineweb.parquet");
        var text = new DataField<string>("content");
        var id = new DataField<string>("id");
        var score = new DataField<double>("score");
        await WriteAsync(path, new ParquetSchema(text, id, score), async group =>
        {
            await group.WriteAsync(text, new[] { "alpha", "beta", null!, "delta" });
            await group.WriteAsync(id, new[] { "a", "", "c", "d" });
            await group.WriteAsync<double>(score, new[] { 1.0, 2.0, 3.0, 4.0 });
        });
        var run = ReaderRun.Of(path, "parquet", textField: "content");

        Assert.Equal(["alpha", "beta", "delta"], run.Documents.Select(d => d.Text));
        Assert.Equal(["a", "fineweb.parquet:1", "d"], run.Documents.Select(d => d.Id));
        Assert.All(run.Documents, d => Assert.Null(d.Url));
        Assert.Equal(1, run.Count("skipped.null_text"));
        Assert.Equal(4, run.Count("records"));
    }

    [Fact]
    public async Task Missing_text_column_quarantines_the_file()
    {
        string path = _dir.File("notext.parquet");
        var body = new DataField<string>("body");
        await WriteAsync(path, new ParquetSchema(body), group => group.WriteAsync(body, new[] { "x" }));
        var run = ReaderRun.Of(path, "parquet");
        Assert.Empty(run.Documents);
        var q = Assert.Single(run.Quarantined);
        Assert.Contains("no column 'text'", q.Error);
        Assert.Contains("body", q.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Corrupt_or_empty_file_is_quarantined(int garbageBytes)
    {
        string path = _dir.File("corrupt.parquet");
        File.WriteAllBytes(path, Enumerable.Range(0, garbageBytes).Select(i => (byte)(i * 7)).ToArray());
        var run = ReaderRun.Of(path, "parquet");
        Assert.Empty(run.Documents);
        Assert.Single(run.Quarantined);
        Assert.Equal(1, run.Count("quarantined"));
    }

    private static async Task WriteAsync(string path, ParquetSchema schema, Func<ParquetRowGroupWriter, Task> rows)
    {
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, file);
        using var group = writer.CreateRowGroup();
        await rows(group);
    }
}
