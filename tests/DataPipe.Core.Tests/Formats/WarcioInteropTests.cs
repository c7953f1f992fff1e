using System.Diagnostics;
using System.Text.Json;

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
            Assert.Equal(new Documents.SourcePosition(3, i), doc.Position);
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
