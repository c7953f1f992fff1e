using System.Diagnostics;
using System.Text.Json;
using DataPipe.Core.Formats;

namespace DataPipe.Core.Tests.Formats;

/// <summary>WARC and WET files written by npm warcio (an independent implementation) read back record for record.</summary>
public sealed class WarcioInteropTests : IClassFixture<WarcioInteropTests.WarcioFiles>
{
    private readonly WarcioFiles _files;

    public WarcioInteropTests(WarcioFiles files) => _files = files;

    [Theory]
    [InlineData("mixed.warc.gz", "warc", 7)]
    [InlineData("mixed.warc", "warc", 7)]
    [InlineData("sample.wet.gz", "wet", 25)]
    [InlineData("clueweb-0.18.warc", "warc", 29)]
    [InlineData("heritrix-0.17.warc.gz", "warc", 4)]
    [InlineData("headers.wet", "wet", 3)]
    public void Reader_returns_exactly_the_records_warcio_wrote(string file, string format, int documents)
    {
        var expected = _files.Expected.GetProperty(file);
        var run = ReaderRun.Of(_files.Dir.File(file), format);

        var wanted = expected.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(documents, wanted.Count);
        Assert.Equal(documents, run.Documents.Count);
        for (int i = 0; i < wanted.Count; i++)
        {
            var doc = run.Documents[i];
            Assert.Equal(wanted[i].GetProperty("id").GetString(), doc.Id);
            Assert.Equal(wanted[i].GetProperty("url").GetString(), doc.Url);
            Assert.Equal(wanted[i].GetProperty("text").GetString(), doc.Text);
            // The ordinal is the record's index in the file as warcio wrote it (warcinfo, requests and all).
            Assert.Equal(new Documents.SourcePosition(3, wanted[i].GetProperty("record").GetInt64()), doc.Position);
            Assert.Equal("2024-03-01T12:00:00Z", doc.Metadata["warc_date"]);
        }
        foreach (var skipped in expected.GetProperty("skipped").EnumerateObject())
            Assert.Equal(skipped.Value.GetInt64(), run.Count("skipped." + skipped.Name));
        Assert.Equal(documents, run.Count("documents"));
        Assert.Empty(run.Quarantined);
        Assert.Equal(0, run.Count("quarantined"));
    }

    [Fact]
    public void Html_boilerplate_is_dropped_and_the_charset_is_recorded()
    {
        var run = ReaderRun.Of(_files.Dir.File("mixed.warc.gz"), "warc");
        var page = run.Documents[0];
        Assert.DoesNotContain("tracking", page.Text);
        Assert.DoesNotContain("Menu one", page.Text);
        Assert.DoesNotContain("Copyright", page.Text);
        Assert.DoesNotContain("Related links", page.Text);
        Assert.DoesNotContain("Search", page.Text);
        Assert.DoesNotContain("Enable JavaScript", page.Text);
        Assert.Equal("text/html", page.Metadata["content_type"]);
        Assert.Equal("utf-8", page.Metadata["charset"]);
    }

    [Fact]
    public void A_content_encoding_the_body_does_not_have_is_ignored_and_counted()
    {
        // ClueWeb09 keeps "Content-Encoding: gzip" over bodies stored decoded; warcio reads all of them.
        var run = ReaderRun.Of(_files.Dir.File("clueweb-0.18.warc"), "warc");
        Assert.Equal(29, run.Documents.Count);
        Assert.Equal(29, run.Count("content_encoding_ignored"));
        Assert.Equal(30, run.Count("records"));
        Assert.All(run.Documents, d => Assert.StartsWith("Paragraph 1 of page old", d.Text));
    }

    [Fact]
    public void Wet_headers_users_filter_and_join_on_are_kept_in_metadata()
    {
        var expected = _files.Expected.GetProperty("headers.wet").GetProperty("documents").EnumerateArray().ToList();
        var run = ReaderRun.Of(_files.Dir.File("headers.wet"), "wet");
        Assert.Equal(3, run.Documents.Count);
        for (int i = 0; i < 3; i++)
        {
            var meta = run.Documents[i].Metadata;
            Assert.Equal(expected[i].GetProperty("language").GetString(), meta["warc_identified_content_language"]);
            Assert.Equal(expected[i].GetProperty("refersTo").GetString(), meta["warc_refers_to"]);
            Assert.Equal(expected[i].GetProperty("id").GetString(), meta["warc_record_id"]);
            Assert.Equal(expected[i].GetProperty("url").GetString(), meta["warc_target_uri"]);
            Assert.Equal("2024-03-01T12:00:00Z", meta["warc_date"]);
            Assert.False(meta.ContainsKey("http_status"));
        }
    }

    [Fact]
    public void Warc_responses_keep_http_status_and_content_type()
    {
        var run = ReaderRun.Of(_files.Dir.File("mixed.warc.gz"), "warc");
        var page = run.Documents[0];
        Assert.Equal("200", page.Metadata["http_status"]);
        Assert.Equal("text/html", page.Metadata["content_type"]);
        Assert.Equal("https://example.org/page/0", page.Metadata["warc_target_uri"]);
        Assert.Equal("text/plain", run.Documents[^1].Metadata["content_type"]);
        Assert.False(run.Documents[^1].Metadata.ContainsKey("http_status"));
    }

    [Fact]
    public void Wet_with_lf_line_ends_gives_every_document()
    {
        // cc_net's test WET file has LF-only line ends; the texts (LF only already) keep their Content-Length.
        byte[] crlf = File.ReadAllBytes(_files.Dir.File("headers.wet"));
        byte[] lf = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(crlf).Replace("\r\n", "\n"));
        string path = _files.Dir.File("lf-only.wet");
        File.WriteAllBytes(path, lf);
        var expected = _files.Expected.GetProperty("headers.wet").GetProperty("documents").EnumerateArray().ToList();

        var run = ReaderRun.Of(path, "wet");

        Assert.Equal(expected.Select(e => e.GetProperty("text").GetString()), run.Documents.Select(d => d.Text));
        Assert.Equal(expected.Select(e => e.GetProperty("id").GetString()), run.Documents.Select(d => d.Id));
        Assert.Equal(3, run.Count("records"));
        Assert.Empty(run.Quarantined);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void A_content_length_off_by_one_is_repaired_from_the_next_record_and_counted(int error)
    {
        // The only page of a file whose writer miscounted its Content-Length by one, as warcio recovers it.
        var expected = _files.Expected.GetProperty("mixed.warc").GetProperty("documents").EnumerateArray().ToList();
        string text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(_files.Dir.File("mixed.warc")));
        int response = text.IndexOf("WARC-Type: response", StringComparison.Ordinal);
        int lengthAt = text.IndexOf("Content-Length: ", response, StringComparison.Ordinal) + "Content-Length: ".Length;
        int lengthEnd = text.IndexOf('\r', lengthAt);
        int length = int.Parse(text[lengthAt..lengthEnd], System.Globalization.CultureInfo.InvariantCulture);
        string path = _files.Dir.File($"offbyone{error}.warc");
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(text[..lengthAt] + (length + error) + text[lengthEnd..]));

        var run = ReaderRun.Of(path, "warc");

        Assert.Equal(expected.Select(e => e.GetProperty("text").GetString()), run.Documents.Select(d => d.Text));
        Assert.Equal(7, run.Count("documents"));
        Assert.Equal(1, run.Count("content_length_repaired"));
        Assert.Empty(run.Quarantined);
    }

    [Theory]
    [InlineData(TruncatedRecords.Keep, 6, 1)]
    [InlineData(TruncatedRecords.Quarantine, 5, 0)]
    public void A_clipped_warc_gz_keeps_the_cut_final_record_marked_or_quarantines_it(TruncatedRecords option, int documents, int kept)
    {
        // mixed.warc.gz clipped in the middle of its last page's response: the records before it intact, that
        // record's gzip member cut at three quarters of its compressed bytes, nothing after it.
        var expected = _files.Expected.GetProperty("mixed.warc.gz").GetProperty("documents").EnumerateArray().ToList();
        byte[] plain = Decompress(File.ReadAllBytes(_files.Dir.File("mixed.warc.gz")));
        string text = System.Text.Encoding.Latin1.GetString(plain);
        int response = -1;
        for (int k = 0; k < 6; k++) response = text.IndexOf("WARC-Type: response", response + 1, StringComparison.Ordinal);
        int recordStart = text.LastIndexOf("WARC/1.1\r\n", response, StringComparison.Ordinal);
        int recordEnd = text.IndexOf("WARC/1.1\r\n", response, StringComparison.Ordinal);
        byte[] cutMember = WarcFileBuilder.Gzip(plain[recordStart..recordEnd]);
        string path = _files.Dir.File($"clipped-{option}.warc.gz");
        File.WriteAllBytes(path, [.. WarcFileBuilder.Gzip(plain[..recordStart]), .. cutMember[..(cutMember.Length * 3 / 4)]]);

        var run = ReaderRun.Of(path, "warc", truncatedRecords: option);

        Assert.Equal(documents, run.Documents.Count);
        Assert.Equal(expected.Take(5).Select(e => e.GetProperty("text").GetString()), run.Documents.Take(5).Select(d => d.Text));
        Assert.Equal(kept, run.Count("truncated_records_kept"));
        Assert.Equal(1, run.Count("gzip_damaged"));
        if (option == TruncatedRecords.Keep)
        {
            var cut = run.Documents[^1];
            Assert.Equal(expected[5].GetProperty("id").GetString(), cut.Id);
            Assert.Equal("true", cut.Metadata["truncated"]);
            Assert.StartsWith(expected[5].GetProperty("text").GetString()![..60], cut.Text);
            Assert.True(cut.Text.Length < expected[5].GetProperty("text").GetString()!.Length);
            Assert.All(run.Documents.SkipLast(1), d => Assert.False(d.Metadata.ContainsKey("truncated")));
            Assert.Equal(1, run.Count("quarantined")); // the cut gzip member itself
        }
        else Assert.Equal(2, run.Count("quarantined")); // the cut member and the record
    }

    private static byte[] Decompress(byte[] gzip)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress);
        var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Runs the warcio script once for the class.</summary>
    public sealed class WarcioFiles : IDisposable
    {
        public TempDirectory Dir { get; } = new();
        public JsonElement Expected { get; }

        public WarcioFiles()
        {
            string scriptDir = Path.Combine(TestPaths.RepoRoot, "tests", "interop", "warc");
            Assert.True(Directory.Exists(Path.Combine(scriptDir, "node_modules")), "run `make interop-deps` (npm ci in tests/interop/warc) first");
            var start = new ProcessStartInfo("node") { WorkingDirectory = scriptDir, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("write-warc.mjs");
            start.ArgumentList.Add(Dir.Path);
            using var node = Process.Start(start)!;
            string stderr = node.StandardError.ReadToEnd();
            node.WaitForExit();
            Assert.True(node.ExitCode == 0, $"warcio script failed: {stderr}");
            Expected = JsonDocument.Parse(File.ReadAllText(Dir.File("expected.json"))).RootElement;
        }

        public void Dispose() => Dir.Dispose();
    }
}
