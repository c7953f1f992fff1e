using DataPipe.Core.Execution;
using DataPipe.Core.Input.Splitting;
using DataPipe.Core.Tests.Formats;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>Cut points of plain WARC and WET files: record starts, the record index before each, and that reading the
/// ranges one after another reads, numbers and quarantines what reading the whole file does.</summary>
public sealed class WarcSplitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static InputShard Shard(string path, string format, FileRange range, int index = 0) => new()
    {
        Index = index, Path = path, Format = format, Name = Path.GetFileName(path),
        Start = range.Start, End = range.End, FirstOrdinal = range.FirstOrdinal,
    };

    private static (List<string> Documents, List<string> Quarantined, string Counters) Read(string path, string format, IReadOnlyList<FileRange> ranges,
        long maxRecordBytes = DataPipe.Core.Formats.ReaderContext.DefaultMaxRecordBytes)
    {
        var runs = ranges.Select((r, i) => ReaderRun.Of(Shard(path, format, r, i), maxRecordBytes)).ToList();
        var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var run in runs)
            foreach (var (name, value) in run.Counters.Snapshot())
                counters[name] = counters.GetValueOrDefault(name) + value;
        return (
            runs.SelectMany(r => r.Documents).Select(d => $"{d.Id}|{d.Position.Ordinal}|{d.Url}|{d.Text}|{string.Join(',', d.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))}").ToList(),
            runs.SelectMany(r => r.Quarantined).Select(q => $"{q.Offset}: {q.Error} ({q.SampleBytes} bytes)").ToList(),
            string.Join(' ', counters));
    }

    private static void AssertSame((List<string> Documents, List<string> Quarantined, string Counters) expected, (List<string> Documents, List<string> Quarantined, string Counters) actual)
    {
        Assert.Equal(expected.Documents, actual.Documents);
        Assert.True(expected.Quarantined.SequenceEqual(actual.Quarantined), string.Join("\n", expected.Quarantined) + "\n---\n" + string.Join("\n", actual.Quarantined));
        Assert.Equal(expected.Counters, actual.Counters);
    }

    private static void AssertCuts(SplitWarcCorpus corpus, IReadOnlyList<FileRange> ranges, long length)
    {
        Assert.Equal(0, ranges[0].Start);
        Assert.Equal(0, ranges[0].FirstOrdinal);
        Assert.Equal(-1, ranges[^1].End);
        for (int i = 1; i < ranges.Count; i++)
        {
            var r = ranges[i];
            Assert.Equal(ranges[i - 1].End, r.Start);
            Assert.True(r.Start > ranges[i - 1].Start && r.Start < length);
            int index = corpus.RecordStarts.ToList().IndexOf(r.Start);
            Assert.True(index > 0, $"cut at {r.Start} is not a record start");
            Assert.Equal(index, r.FirstOrdinal);
        }
    }

    [Theory]
    [InlineData("a.warc", "warc", false)]
    [InlineData("a.wet", "wet", false)]
    [InlineData("lf.warc", "warc", true)]
    [InlineData("lf.wet", "wet", true)]
    public void Cuts_fall_on_record_starts_and_know_the_records_before_them(string name, string format, bool lfOnly)
    {
        string path = _dir.File(name);
        var corpus = format == "wet" ? SplitWarcCorpus.Wet(path, 200, seed: 1, lfOnly) : SplitWarcCorpus.Warc(path, 200, seed: 1, lfOnly);
        long length = new FileInfo(path).Length;
        var whole = Read(path, format, FileRange.Whole);
        Assert.Empty(whole.Quarantined);
        Assert.Contains(whole.Documents, d => d.StartsWith($"{name}:", StringComparison.Ordinal)); // generated ids
        foreach (int parts in new[] { 2, 3, 5, 17, 60 })
        {
            var ranges = WarcCutter.Cut(path, parts, DataPipe.Core.Formats.ReaderContext.DefaultMaxRecordBytes, out string? why);
            Assert.Null(why);
            Assert.True(ranges.Count >= Math.Min(parts, 3), $"{parts} parts gave {ranges.Count} ranges");
            AssertCuts(corpus, ranges, length);
            AssertSame(whole, Read(path, format, ranges));
        }
    }

    [Fact]
    public void A_document_ordinal_is_its_record_index_in_the_file()
    {
        string path = _dir.File("o.warc");
        var corpus = SplitWarcCorpus.Warc(path, 120, seed: 2);
        var run = ReaderRun.Of(Shard(path, "warc", FileRange.Whole[0]));
        var starts = corpus.RecordStarts.ToList();
        Assert.Equal(starts.Count, run.Count("records"));
        Assert.True(run.Count("skipped.request") > 0 && run.Count("skipped.warcinfo") == 1);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.NotEmpty(run.Documents);
        foreach (var d in run.Documents)
        {
            // The page's title is unique in the file: the record holding it is the last record start before it.
            int at = bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes($"<title>{d.Metadata["title"]}</title>"));
            Assert.True(at > 0);
            Assert.Equal(starts.Count(s => s < at) - 1, d.Position.Ordinal);
        }
        Assert.Equal(run.Documents.Select(d => d.Position.Ordinal).Order(), run.Documents.Select(d => d.Position.Ordinal).Distinct());
        Assert.Contains(run.Documents, d => d.Id == $"o.warc:{d.Position.Ordinal}");
    }

    [Theory]
    [InlineData("d.warc", "warc", false)]
    [InlineData("d.wet", "wet", true)]
    public void A_garbage_run_and_wrong_content_lengths_read_the_same_split_or_whole(string name, string format, bool lfOnly)
    {
        string path = _dir.File(name);
        var corpus = format == "wet" ? SplitWarcCorpus.Wet(path, 240, seed: 3, lfOnly, damage: true) : SplitWarcCorpus.Warc(path, 240, seed: 3, lfOnly, damage: true);
        long length = new FileInfo(path).Length;
        var whole = Read(path, format, FileRange.Whole);
        Assert.Equal(2, whole.Quarantined.Count); // the garbage run and the Content-Length 40 bytes off
        Assert.Contains("content_length_repaired, 1", whole.Counters);
        Assert.Contains("garbage_runs, 1", whole.Counters);
        int split = 0;
        for (int parts = 2; parts <= 120; parts++)
        {
            var ranges = WarcCutter.Cut(path, parts, DataPipe.Core.Formats.ReaderContext.DefaultMaxRecordBytes, out string? why);
            // A cut the damage handling looked past moves on, or goes: a file may be left whole, never read wrong.
            if (why is not null) Assert.Equal(FileRange.Whole, ranges);
            else split++;
            AssertCuts(corpus, ranges, length);
            // The record after a repaired one, or after garbage, is never a cut: finding its start looked back.
            Assert.DoesNotContain(ranges, r => corpus.AfterDamage.Contains(r.Start));
            AssertSame(whole, Read(path, format, ranges));
        }
        Assert.True(split > 100, $"only {split} of 119 part counts split the file");
    }

    [Fact]
    public void A_wrong_length_over_max_record_bytes_is_cut_around_as_the_reader_skips_it()
    {
        string path = _dir.File("skip.wet");
        SplitWarcCorpus.Wet(path, 4000, seed: 5);
        // One record declares 1.5 MB but holds a few hundred bytes: over max_record_bytes the reader skips 1.5 MB of
        // good records by that length; under it, it resyncs just after the record.
        byte[] bytes = File.ReadAllBytes(path);
        string text = System.Text.Encoding.Latin1.GetString(bytes);
        int record = text.IndexOf("WARC-Type: conversion", bytes.Length / 5, StringComparison.Ordinal);
        int length = text.IndexOf("Content-Length: ", record, StringComparison.Ordinal);
        int lineEnd = text.IndexOf('\r', length);
        text = text[..length] + "Content-Length: 1500000" + text[lineEnd..];
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(text));
        const long maxRecordBytes = 1 << 20;

        var whole = Read(path, "wet", FileRange.Whole, maxRecordBytes);
        Assert.Contains("oversized, 1", whole.Counters);
        var ranges = WarcCutter.Cut(path, 8, maxRecordBytes, out string? why);
        Assert.Null(why);
        Assert.True(ranges.Count >= 3, $"{ranges.Count} ranges");
        AssertSame(whole, Read(path, "wet", ranges, maxRecordBytes));
        // Cut with the default max_record_bytes, a range would start inside what the reader skips.
        var unaware = WarcCutter.Cut(path, 8, DataPipe.Core.Formats.ReaderContext.DefaultMaxRecordBytes, out _);
        Assert.NotEqual(whole.Documents, Read(path, "wet", unaware, maxRecordBytes).Documents);
    }

    [Fact]
    public void Compressed_and_unframed_files_stay_whole_and_say_why()
    {
        string path = _dir.File("c.warc");
        SplitWarcCorpus.Warc(path, 100, seed: 4);
        File.WriteAllBytes(_dir.File("c.warc.gz"), WarcFileBuilder.Gzip(File.ReadAllBytes(path)));
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges(_dir.File("c.warc.gz"), "warc", 1024));
        Assert.True(InputSplitter.Ranges(path, "warc", 1024).Count > 3);

        string text = _dir.File("not.warc");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("no record here\n", 2000)));
        var reasons = new List<string>();
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges(text, "warc", 1024, reasons.Add));
        Assert.Equal("no WARC record was found in it", Assert.Single(reasons));

        string single = _dir.File("one.wet");
        File.WriteAllBytes(single, WarcFileBuilder.Numbered(1).Plain());
        Assert.Equal(FileRange.Whole, WarcCutter.Cut(single, 4, DataPipe.Core.Formats.ReaderContext.DefaultMaxRecordBytes, out string? why));
        Assert.Equal("it holds a single record", why);
    }
}
