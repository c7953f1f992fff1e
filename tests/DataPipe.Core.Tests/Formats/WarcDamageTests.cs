using System.Text;
using DataPipe.Core.Formats;

namespace DataPipe.Core.Tests.Formats;

/// <summary>Broken WARC/WET files built on purpose: the good records around the damage are kept, the bad one is counted and quarantined with its offset.</summary>
public sealed class WarcDamageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertRecords(ReaderRun run, params int[] numbers)
    {
        Assert.Equal(numbers.Select(WarcFileBuilder.IdOf), run.Documents.Select(d => d.Id));
        foreach (var (doc, i) in run.Documents.Zip(numbers))
        {
            Assert.Equal(WarcFileBuilder.TextOf(i), doc.Text);
            Assert.Equal($"https://example.com/{i}", doc.Url);
        }
        // Ordinals are record indexes in the file (see Ordinals): rising, not dense.
        var ordinals = run.Documents.Select(d => d.Position.Ordinal).ToList();
        Assert.Equal(ordinals.Order(), ordinals.Distinct());
    }

    /// <summary>A document's ordinal is its record's index among the file's record starts, skipped and bad ones too.</summary>
    private static void AssertOrdinals(ReaderRun run, params long[] indexes)
    {
        Assert.Equal(indexes, run.Documents.Select(d => d.Position.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Good_files_read_whole(bool gzip)
    {
        var builder = WarcFileBuilder.Numbered(5);
        var run = ReaderRun.Of(Write(gzip ? "ok.wet.gz" : "ok.wet", gzip ? builder.GzipPerRecord() : builder.Plain()), "wet");
        AssertRecords(run, 0, 1, 2, 3, 4);
        AssertOrdinals(run, 0, 1, 2, 3, 4);
        Assert.Equal(5, run.Count("records"));
        Assert.Empty(run.Quarantined);
    }

    [Fact]
    public void Gzip_truncated_mid_record_keeps_the_part_that_arrived_marked_truncated()
    {
        var builder = WarcFileBuilder.Numbered(5);
        var members = builder.Records.Select(WarcFileBuilder.Gzip).ToList();
        int before = members.Take(3).Sum(m => m.Length);
        byte[] file = [.. members.SelectMany(m => m)];
        // Deflate's output lags its input: cut near the member's end so most of the text has come out.
        var run = ReaderRun.Of(Write("cut.wet.gz", file[..(before + members[3].Length - 12)]), "wet");

        Assert.Equal(Enumerable.Range(0, 4).Select(WarcFileBuilder.IdOf), run.Documents.Select(d => d.Id));
        var cut = run.Documents[3];
        Assert.Equal("true", cut.Metadata["truncated"]);
        Assert.StartsWith("Record 3 begins here.", cut.Text);
        Assert.True(cut.Text.Length < WarcFileBuilder.TextOf(3).Length);
        Assert.StartsWith(cut.Text, WarcFileBuilder.TextOf(3));
        Assert.Equal(1, run.Count("truncated_records_kept"));
        Assert.Equal(1, run.Count("gzip_damaged"));
        var member = Assert.Single(run.Quarantined);
        Assert.Equal(before, member.Offset);
        Assert.Contains("truncated", member.Error);
    }

    [Fact]
    public void Gzip_truncated_mid_record_keeps_everything_before_and_quarantines_the_tail_when_asked()
    {
        var builder = WarcFileBuilder.Numbered(5);
        var members = builder.Records.Select(WarcFileBuilder.Gzip).ToList();
        int before = members.Take(3).Sum(m => m.Length);
        byte[] file = [.. members.SelectMany(m => m)];
        var run = ReaderRun.Of(Write("cut.wet.gz", file[..(before + members[3].Length / 2)]), "wet", truncatedRecords: TruncatedRecords.Quarantine);

        AssertRecords(run, 0, 1, 2);
        Assert.Equal(1, run.Count("gzip_damaged"));
        Assert.Equal(2, run.Count("quarantined"));
        Assert.Equal(2, run.Quarantined.Count);
        var member = run.Quarantined.Single(q => q.Error.Contains("compressed file)"));
        Assert.Equal(before, member.Offset);
        Assert.Contains("truncated", member.Error);
        var record = run.Quarantined.Single(q => q.Error.Contains("decompressed stream"));
        Assert.Equal(builder.Records.Take(3).Sum(r => r.Length), record.Offset);
    }

    [Fact]
    public void Damaged_gzip_member_is_skipped_and_reading_resyncs_at_the_next_member()
    {
        var builder = WarcFileBuilder.Numbered(5);
        var members = builder.Records.Select(WarcFileBuilder.Gzip).ToList();
        int before = members.Take(2).Sum(m => m.Length);
        byte[] file = [.. members.SelectMany(m => m)];
        for (int k = before + members[2].Length / 2; k < before + members[2].Length / 2 + 40; k++) file[k] ^= 0x5A;
        var run = ReaderRun.Of(Write("damaged.warc.gz", file), "warc");

        AssertRecords(run, 0, 1, 3, 4);
        Assert.Equal(1, run.Count("gzip_damaged"));
        Assert.Contains(run.Quarantined, q => q.Offset == before && q.Error.Contains("failed to inflate") && q.Error.Contains("compressed file"));
        Assert.All(run.Quarantined, q => Assert.True(q.Offset >= before || q.Error.Contains("decompressed"), q.Error));
    }

    [Theory]
    [InlineData(false, 25)]
    [InlineData(false, -25)]
    [InlineData(true, 25)]
    [InlineData(true, -25)]
    public void Wrong_content_length_is_detected_and_the_next_record_is_found(bool gzip, int error)
    {
        var builder = new WarcFileBuilder().Conversion(0).Conversion(1);
        builder.Conversion(2, header => header.Replace($"Content-Length: {Encoding.UTF8.GetByteCount(WarcFileBuilder.TextOf(2))}",
            $"Content-Length: {Encoding.UTF8.GetByteCount(WarcFileBuilder.TextOf(2)) + error}"));
        builder.Conversion(3).Conversion(4);
        var run = ReaderRun.Of(Write(gzip ? "len.warc.gz" : "len.warc", gzip ? builder.GzipPerRecord() : builder.Plain()), "warc");

        AssertRecords(run, 0, 1, 3, 4);
        AssertOrdinals(run, 0, 1, 3, 4); // the quarantined record still has its place
        Assert.Equal(1, run.Count("quarantined"));
        var bad = Assert.Single(run.Quarantined);
        Assert.Equal(builder.Records.Take(2).Sum(r => r.Length), bad.Offset);
        Assert.Contains("Content-Length", bad.Error);
        Assert.Contains("decompressed stream", bad.Error);
    }

    [Fact]
    public void Garbage_between_records_is_skipped_to_the_next_record_and_counted()
    {
        byte[] garbage = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a WARC record; ", 40)) + "\n\nmid-line WARC/1.0 is not a record start WARC/1.\n");
        var builder = new WarcFileBuilder().Conversion(0).Conversion(1).Raw(garbage).Conversion(2).Conversion(3);
        var run = ReaderRun.Of(Write("garbage.warc", builder.Plain()), "warc");

        AssertRecords(run, 0, 1, 2, 3);
        AssertOrdinals(run, 0, 1, 2, 3); // a garbage run is not a record
        Assert.Equal(1, run.Count("garbage_runs"));
        var bad = Assert.Single(run.Quarantined);
        Assert.Equal(builder.Records.Take(2).Sum(r => r.Length), bad.Offset);
        Assert.Contains($"{garbage.Length} bytes", bad.Error);
    }

    [Fact]
    public void Garbage_between_gzip_members_is_skipped_and_counted()
    {
        var builder = WarcFileBuilder.Numbered(4);
        var members = builder.Records.Select(WarcFileBuilder.Gzip).ToList();
        byte[] garbage = Encoding.ASCII.GetBytes("garbage between members, not gzip at all");
        byte[] file = [.. members[0], .. members[1], .. garbage, .. members[2], .. members[3]];
        var run = ReaderRun.Of(Write("garbage.wet.gz", file), "wet");

        AssertRecords(run, 0, 1, 2, 3);
        var bad = Assert.Single(run.Quarantined);
        Assert.Equal(members[0].Length + members[1].Length, bad.Offset);
        Assert.Contains("compressed file", bad.Error);
        Assert.Equal(1, run.Count("quarantined"));
    }

    [Fact]
    public void Record_without_warc_type_is_quarantined()
    {
        var builder = new WarcFileBuilder().Conversion(0).Conversion(1, header => header.Replace("WARC-Type: conversion\r\n", "")).Conversion(2);
        var run = ReaderRun.Of(Write("notype.warc", builder.Plain()), "warc");

        AssertRecords(run, 0, 2);
        var bad = Assert.Single(run.Quarantined);
        Assert.Equal(builder.Records[0].Length, bad.Offset);
        Assert.Contains("no WARC-Type", bad.Error);
        Assert.Equal(1, run.Count("quarantined"));
        Assert.Equal(3, run.Count("records"));
    }

    [Fact]
    public void Invalid_utf8_is_repaired_with_replacement_characters_and_counted()
    {
        byte[] broken = [.. "caf"u8, 0xE9, .. " au lait "u8, 0xFF, 0xFE, .. " fin"u8];
        var builder = new WarcFileBuilder().Conversion(0).Conversion(1, block: broken).Conversion(2);
        var run = ReaderRun.Of(Write("utf8.wet", builder.Plain()), "wet");

        Assert.Equal(3, run.Documents.Count);
        Assert.Equal("caf\uFFFD au lait \uFFFD\uFFFD fin", run.Documents[1].Text);
        Assert.Equal(WarcFileBuilder.TextOf(2), run.Documents[2].Text);
        Assert.Equal(1, run.Count("utf8_repaired"));
        Assert.Empty(run.Quarantined);
    }

    [Fact]
    public void Record_larger_than_max_record_bytes_is_streamed_past_without_buffering()
    {
        const long hugeBytes = 200L << 20;
        string path = _dir.File("huge.warc");
        var small = new WarcFileBuilder().Conversion(0);
        long hugeOffset;
        using (var file = File.Create(path))
        {
            file.Write(small.Plain());
            hugeOffset = file.Position;
            file.Write(Encoding.ASCII.GetBytes($"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:huge>\r\nContent-Length: {hugeBytes}\r\n\r\n"));
            var line = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("all work and no play makes a very long record ", 22)) + "\n");
            var chunk = new byte[1 << 20];
            for (int k = 0; k + line.Length <= chunk.Length; k += line.Length) line.CopyTo(chunk, k);
            for (long written = 0; written < hugeBytes; written += chunk.Length) file.Write(chunk, 0, (int)Math.Min(chunk.Length, hugeBytes - written));
            file.Write("\r\n\r\n"u8);
            file.Write(new WarcFileBuilder().Conversion(1).Plain());
        }

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var run = ReaderRun.Of(path, "warc", maxRecordBytes: 16L << 20);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        AssertRecords(run, 0, 1);
        AssertOrdinals(run, 0, 2);
        Assert.Equal(1, run.Count("oversized"));
        var bad = Assert.Single(run.Quarantined);
        Assert.Equal(hugeOffset, bad.Offset);
        Assert.InRange(bad.SampleBytes, 1, 64 << 10);
        Assert.True(allocated < 24L << 20, $"reader allocated {allocated} bytes for a {hugeBytes}-byte record");
    }

    [Theory]
    [InlineData("empty.warc", "warc")]
    [InlineData("empty.warc.gz", "warc")]
    [InlineData("empty.wet.gz", "wet")]
    public void Empty_file_gives_no_documents_and_no_error(string name, string format)
    {
        var run = ReaderRun.Of(Write(name, []), format);
        Assert.Empty(run.Documents);
        Assert.Empty(run.Quarantined);
        Assert.Equal(0, run.Count("records"));
    }

    [Fact]
    public void Other_record_types_are_skipped_and_counted_by_type()
    {
        var builder = new WarcFileBuilder()
            .Conversion(0, header => header.Replace("conversion", "warcinfo"))
            .Conversion(1)
            .Conversion(2, header => header.Replace("conversion", "request"))
            .Conversion(3, header => header.Replace("conversion", "metadata"))
            .Conversion(4, header => header.Replace("conversion", "revisit"))
            .Conversion(5, header => header.Replace("conversion", "metadata"));
        var run = ReaderRun.Of(Write("types.warc", builder.Plain()), "warc");

        AssertRecords(run, 1);
        AssertOrdinals(run, 1);
        Assert.Equal(1, run.Count("skipped.warcinfo"));
        Assert.Equal(1, run.Count("skipped.request"));
        Assert.Equal(2, run.Count("skipped.metadata"));
        Assert.Equal(1, run.Count("skipped.revisit"));
        Assert.Equal(6, run.Count("records"));
        Assert.Empty(run.Quarantined);
    }

    [Fact]
    public void Chunked_and_content_encoded_http_bodies_are_decoded_and_a_bad_encoding_is_quarantined()
    {
        byte[] html = Encoding.UTF8.GetBytes("<html><body><p>First part.</p><p>Second part.</p></body></html>");
        byte[] chunked = [.. "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"u8,
            .. Encoding.ASCII.GetBytes($"{20:x}\r\n"), .. html[..20], .. "\r\n"u8,
            .. Encoding.ASCII.GetBytes($"{html.Length - 20:x}\r\n"), .. html[20..], .. "\r\n0\r\n\r\n"u8];
        byte[] gzipped = [.. "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"u8, .. WarcFileBuilder.Gzip(html)];
        // A body that plainly is not compressed is read as it is (and counted); compressed bytes that fail are not.
        byte[] notEncoded = [.. "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"u8, .. "not gzip"u8];
        // A gzip header, then a deflate block of the reserved type 3: gzip, and undecodable.
        byte[] corrupt = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff];
        byte[] broken = [.. "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"u8, .. corrupt];
        var builder = new WarcFileBuilder().HttpResponse(0, chunked).HttpResponse(1, gzipped).HttpResponse(2, notEncoded).HttpResponse(3, broken).Conversion(4);
        var run = ReaderRun.Of(Write("http.warc", builder.Plain()), "warc");

        Assert.Equal(["First part.\n\nSecond part.", "First part.\n\nSecond part.", "not gzip", WarcFileBuilder.TextOf(4)], run.Documents.Select(d => d.Text));
        Assert.Equal(1, run.Count("content_encoding_ignored"));
        var bad = Assert.Single(run.Quarantined);
        Assert.Equal(builder.Records.Take(3).Sum(r => r.Length), bad.Offset);
        Assert.Contains("Content-Encoding 'gzip'", bad.Error);
    }

    [Fact]
    public void Whole_file_as_one_gzip_member_reads_whole()
    {
        var builder = WarcFileBuilder.Numbered(6);
        var run = ReaderRun.Of(Write("single.warc.gz", WarcFileBuilder.Gzip(builder.Plain())), "warc");
        AssertRecords(run, 0, 1, 2, 3, 4, 5);
        Assert.Empty(run.Quarantined);
    }

    [Fact]
    public void Member_with_a_broken_gzip_header_is_skipped()
    {
        var builder = WarcFileBuilder.Numbered(4);
        var members = builder.Records.Select(WarcFileBuilder.Gzip).ToList();
        members[1][3] = 0xE0; // reserved FLG bits set: zlib refuses the header
        byte[] file = [.. members.SelectMany(m => m)];
        var run = ReaderRun.Of(Write("header.wet.gz", file), "wet");

        AssertRecords(run, 0, 2, 3);
        var bad = Assert.Single(run.Quarantined);
        Assert.Equal(members[0].Length, bad.Offset);
        Assert.Equal(1, run.Count("gzip_damaged"));
    }

    [Fact]
    public void Record_header_cut_by_the_end_of_a_plain_file_is_quarantined()
    {
        var builder = WarcFileBuilder.Numbered(2);
        byte[] file = [.. builder.Plain(), .. "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Le"u8];
        var run = ReaderRun.Of(Write("cut.warc", file), "warc");

        AssertRecords(run, 0, 1);
        var bad = Assert.Single(run.Quarantined);
        Assert.Equal(builder.Plain().Length, bad.Offset);
        Assert.Contains("cut short", bad.Error);
    }
}
