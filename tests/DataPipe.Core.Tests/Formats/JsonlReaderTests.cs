using System.IO.Compression;
using System.Text;

namespace DataPipe.Core.Tests.Formats;

public sealed class JsonlReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Line(int i) => $"{{\"id\":\"doc-{i}\",\"text\":\"Text number {i}\\nwith a second line\",\"url\":\"https://example.com/{i}\",\"extra\":[1,2,{{\"x\":null}}]}}";

    [Fact]
    public void Line_that_is_not_json_is_quarantined_with_its_offset_and_the_rest_is_kept()
    {
        string bad = "this line is {not json";
        string content = Line(0) + "\n" + Line(1) + "\n" + bad + "\n" + Line(2) + "\r\n\n" + Line(3);
        string path = _dir.File("docs.jsonl");
        File.WriteAllText(path, content);
        var run = ReaderRun.Of(path, "jsonl");

        Assert.Equal(["doc-0", "doc-1", "doc-2", "doc-3"], run.Documents.Select(d => d.Id));
        Assert.Equal("Text number 3\nwith a second line", run.Documents[3].Text);
        Assert.Equal("https://example.com/2", run.Documents[2].Url);
        var q = Assert.Single(run.Quarantined);
        Assert.Equal(Encoding.UTF8.GetByteCount(Line(0) + "\n" + Line(1) + "\n"), q.Offset);
        Assert.Contains("decompressed stream", q.Error);
        Assert.Equal(1, run.Count("quarantined"));
        Assert.Equal(5, run.Count("records"));
    }

    [Fact]
    public void Byte_order_mark_invalid_utf8_and_missing_fields_are_handled()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Line(0) + "\n"), .. "{\"text\":\"caf"u8, 0xE9, .. "\"}\n"u8,
            .. "{\"id\":\"no-text\"}\n"u8, .. "{\"id\":7,\"text\":\"numeric id\"}\n"u8];
        string path = _dir.File("mixed.jsonl");
        File.WriteAllBytes(path, content);
        var run = ReaderRun.Of(path, "jsonl");

        Assert.Equal(["doc-0", "mixed.jsonl:1", "7"], run.Documents.Select(d => d.Id));
        Assert.Equal("caf\uFFFD", run.Documents[1].Text);
        Assert.Equal(1, run.Count("utf8_repaired"));
        var q = Assert.Single(run.Quarantined);
        Assert.Contains("no string field 'text'", q.Error);
    }

    [Fact]
    public void Truncated_gzip_keeps_the_lines_before_and_reports_the_tail()
    {
        var lines = Enumerable.Range(0, 400).Select(Line).ToList();
        var raw = new MemoryStream();
        using (var gzip = new GZipStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        byte[] whole = raw.ToArray();
        string path = _dir.File("cut.jsonl.gz");
        File.WriteAllBytes(path, whole[..(whole.Length * 2 / 3)]);
        var run = ReaderRun.Of(path, "jsonl");

        Assert.InRange(run.Documents.Count, 1, 399);
        Assert.Equal(Enumerable.Range(0, run.Documents.Count).Select(i => $"doc-{i}"), run.Documents.Select(d => d.Id));
        Assert.Contains(run.Quarantined, q => q.Offset == 0 && q.Error.Contains("truncated") && q.Error.Contains("compressed file"));
        // The cut is a damaged stretch of compressed bytes, counted apart from whole bad records.
        Assert.Equal(1, run.Count("damaged_regions"));
        Assert.Equal(run.Quarantined.Count, run.Count("quarantined") + run.Count("damaged_regions"));
    }

    [Theory]
    [InlineData("empty.jsonl")]
    [InlineData("empty.jsonl.gz")]
    [InlineData("empty.jsonl.zst")]
    public void Empty_file_gives_no_documents_and_no_error(string name)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, []);
        var run = ReaderRun.Of(path, "jsonl");
        Assert.Empty(run.Documents);
        Assert.Empty(run.Quarantined);
    }

    [Fact]
    public void Corrupt_zstd_is_quarantined_not_thrown()
    {
        byte[] compressed;
        using (var compressor = new ZstdSharp.Compressor()) compressed = compressor.Wrap(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 50).Select(Line)))).ToArray();
        for (int k = compressed.Length / 2; k < compressed.Length / 2 + 16; k++) compressed[k] ^= 0xA5;
        string path = _dir.File("bad.jsonl.zst");
        File.WriteAllBytes(path, compressed);
        var run = ReaderRun.Of(path, "jsonl");
        Assert.NotEmpty(run.Quarantined);
        Assert.Equal(run.Quarantined.Count, run.Count("quarantined"));
        Assert.Equal(Enumerable.Range(0, run.Documents.Count).Select(i => $"doc-{i}"), run.Documents.Select(d => d.Id));
    }
}
