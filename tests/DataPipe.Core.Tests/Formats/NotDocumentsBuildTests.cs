using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Formats;

/// <summary>
/// One definition of "did not become a document" across readers: a quarantined line, a damaged gzip stretch, skipped
/// folder files and by-design skipped records all land in one table of report.json, the HTML page and the summary.
/// </summary>
public sealed class NotDocumentsBuildTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_input_that_did_not_become_a_document_is_in_one_table()
    {
        string input = _dir.File("in");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "a.jsonl"), "{\"id\":\"a1\",\"text\":\"one\"}\nnot json\n");
        // b.jsonl.gz: a good member, then a member with its deflate data damaged (one damaged region).
        byte[] good = WarcFileBuilder.Gzip(Encoding.UTF8.GetBytes("{\"id\":\"b1\",\"text\":\"two\"}\n"));
        byte[] bad = WarcFileBuilder.Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"id\":\"x{i}\",\"text\":\"lost line {i}\"}}\n"))));
        for (int k = 12; k < bad.Length - 10; k++) bad[k] ^= 0xA5;
        File.WriteAllBytes(Path.Combine(input, "b.jsonl.gz"), [.. good, .. bad]);
        File.WriteAllText(Path.Combine(input, "c.wet.txt"), "plain text a user left in the folder");
        File.WriteAllBytes(Path.Combine(input, "wet.paths.gz"), WarcFileBuilder.Gzip("crawl-data/x.warc.wet.gz\n"u8.ToArray()));
        // A WAT is recognised (read as WARC; its metadata record is skipped by design).
        File.WriteAllBytes(Path.Combine(input, "d.warc.wat.gz"), new WarcFileBuilder().Conversion(0, h => h.Replace("conversion", "metadata"), contentType: "application/json").GzipPerRecord());
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, input, outDir);

        var result = CliProcess.Run(_dir.Path, "run", pipeline);

        Assert.True(result.ExitCode == 0, result.All);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
        var table = report["totals"]!["not_documents"]!.AsObject();
        Assert.Equal(["quarantined_records", "damaged_regions", "missing_files", "skipped_files", "skipped_records"], table.Select(p => p.Key));
        Assert.Equal(1, table["quarantined_records"]!.GetValue<long>());
        Assert.Equal(1, table["damaged_regions"]!.GetValue<long>());
        Assert.Equal(0, table["missing_files"]!.GetValue<long>());
        Assert.Equal(2, table["skipped_files"]!.GetValue<long>());
        Assert.Equal(1, table["skipped_records"]!.GetValue<long>());
        var skipped = report["inputs"]!["skipped"]!.AsArray();
        Assert.Equal([Path.Combine(input, "c.wet.txt"), Path.Combine(input, "wet.paths.gz")], skipped.Select(s => s!["path"]!.ToString()));
        Assert.Contains("paths_file", skipped[1]!["reason"]!.ToString());
        Assert.Equal(3, report["inputs"]!["shards"]!.GetValue<long>());
        // Logged once each, with the reason.
        Assert.Equal(1, Occurrences(result.All, "c.wet.txt"));
        Assert.Contains("'.txt'", result.All);
        Assert.Contains("not documents: 1 quarantined records, 1 damaged regions, 0 missing files, 2 skipped files, 1 skipped records", result.StdOut);
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("data-key=\"totals/not_documents/skipped_files\"", html);
    }

    private static int Occurrences(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
