using DataPipe.Core.Config;
using DataPipe.Core.Execution;
using DataPipe.Core.Input.Splitting;
using DataPipe.Core.Tests.Formats;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>Cut points of big inputs, and that reading a file's ranges one after another reads the whole file.</summary>
public sealed class InputSplitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static InputShard Shard(string path, string format, FileRange range, int index = 0) => new()
    {
        Index = index, Path = path, Format = format, Name = Path.GetFileName(path),
        Start = range.Start, End = range.End, FirstOrdinal = range.FirstOrdinal,
    };

    private static List<string> Read(string path, string format, IReadOnlyList<FileRange> ranges) =>
        ranges.SelectMany((r, i) => ReaderRun.Of(Shard(path, format, r, i)).Documents)
            .Select(d => $"{d.Id}|{d.Position.Ordinal}|{d.Url}|{d.Text}").ToList();

    [Fact]
    public void Ranges_start_after_a_newline_end_on_one_and_know_the_lines_before_them()
    {
        string path = _dir.File("a.jsonl");
        SplitCorpus.WriteJsonl(path, 400, seed: 1);
        byte[] bytes = File.ReadAllBytes(path);
        for (int parts = 2; parts <= 60; parts += 3)
        {
            var ranges = JsonlCutter.Cut(path, parts);
            Assert.True(ranges.Count >= Math.Min(parts, 3), $"{parts} parts gave {ranges.Count} ranges");
            Assert.Equal(0, ranges[0].Start);
            Assert.Equal(-1, ranges[^1].End);
            for (int i = 0; i < ranges.Count; i++)
            {
                var r = ranges[i];
                if (i > 0)
                {
                    Assert.Equal(ranges[i - 1].End, r.Start);
                    Assert.Equal((byte)'\n', bytes[r.Start - 1]);
                }
                if (r.End >= 0) Assert.True(r.End > r.Start && r.End < bytes.Length);
                Assert.Equal(bytes.AsSpan(0, (int)r.Start).Count((byte)'\n'), r.FirstOrdinal);
            }
        }
    }

    [Fact]
    public void A_line_longer_than_a_range_is_read_once_and_no_line_is_lost()
    {
        string path = _dir.File("long.jsonl");
        SplitCorpus.WriteJsonl(path, 60, seed: 2, longLineBytes: 200_000);
        var whole = Read(path, "jsonl", FileRange.Whole);
        foreach (int parts in new[] { 2, 7, 40, 500 })
        {
            var ranges = JsonlCutter.Cut(path, parts);
            Assert.True(ranges.Count >= 2);
            if (parts > 2) Assert.True(ranges.Count < parts, "the targets inside the long line made no extra cut");
            Assert.Equal(whole, Read(path, "jsonl", ranges));
        }
        Assert.Single(whole, d => d.Contains(new string('x', 200_000), StringComparison.Ordinal));
    }

    [Fact]
    public void Small_compressed_remote_and_disabled_inputs_stay_whole()
    {
        string path = _dir.File("s.jsonl");
        SplitCorpus.WriteJsonl(path, 100, seed: 3);
        long length = new FileInfo(path).Length;
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges(path, "jsonl", length));
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges(path, "jsonl", 0));
        Assert.True(InputSplitter.Ranges(path, "jsonl", length - 1).Count == 2);
        Assert.True(InputSplitter.Ranges(path, "jsonl", length / 5).Count >= 5);
        File.Copy(path, _dir.File("s.jsonl.gz"));
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges(_dir.File("s.jsonl.gz"), "jsonl", 1024));
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges(path, "wet", 1024));
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges("https://example.org/s.jsonl", "jsonl", 1024));
    }

    [Fact]
    public void Jsonl_ordinals_are_line_indices_in_the_file_whatever_the_ranges()
    {
        for (int seed = 0; seed < 12; seed++)
        {
            string path = _dir.File($"p{seed}.jsonl");
            var random = new Random(seed);
            SplitCorpus.WriteJsonl(path, 50 + random.Next(300), seed);
            var run = ReaderRun.Of(Shard(path, "jsonl", FileRange.Whole[0]));
            Assert.NotEmpty(run.Documents);
            foreach (var d in run.Documents)
            {
                long line = d.Text.StartsWith("line ", StringComparison.Ordinal) ? long.Parse(d.Text.Split(' ')[1]) : long.Parse(d.Id[1..]);
                Assert.Equal(line, d.Position.Ordinal);
                Assert.True(d.Id == $"j{line}" || d.Id == $"p{seed}.jsonl:{line}", d.Id);
            }
            Assert.Equal(Read(path, "jsonl", FileRange.Whole), Read(path, "jsonl", JsonlCutter.Cut(path, 2 + random.Next(30))));
        }
    }

    [Fact]
    public void Parquet_ranges_are_runs_of_whole_row_groups_numbered_by_row()
    {
        string path = _dir.File("t.parquet");
        SplitCorpus.WriteParquet(path, groups: 9, rowsPerGroup: 30, seed: 4);
        var ranges = ParquetCutter.Cut(path, 4);
        Assert.True(ranges.Count is >= 3 and <= 4, $"{ranges.Count} ranges");
        Assert.All(ranges, r => Assert.Equal(0, r.FirstOrdinal % 30)); // whole row groups
        Assert.Equal(ranges.Select(r => r.FirstOrdinal).Order(), ranges.Select(r => r.FirstOrdinal).Distinct());
        var whole = Read(path, "parquet", FileRange.Whole);
        Assert.Equal(whole, Read(path, "parquet", ranges));
        foreach (var (range, i) in ranges.Select((r, i) => (r, i)))
        {
            var run = ReaderRun.Of(Shard(path, "parquet", range, i));
            long next = i + 1 < ranges.Count ? ranges[i + 1].FirstOrdinal : 270;
            Assert.Equal(next - range.FirstOrdinal, run.Count("records")); // only its own row groups
        }
        var all = ReaderRun.Of(Shard(path, "parquet", FileRange.Whole[0]));
        foreach (var d in all.Documents)
        {
            long row = long.Parse(d.Text.Split(' ')[1]);
            Assert.Equal(row, d.Position.Ordinal);
            Assert.Equal(row % 5 == 0 ? $"t.parquet:{row}" : $"p{row}", d.Id);
        }
        Assert.Equal(FileRange.Whole, ParquetCutter.Cut(path, 1));
    }

    [Theory]
    [InlineData("split_bytes: 256MiB", 256L << 20)]
    [InlineData("split_bytes: 1 GiB", 1L << 30)]
    [InlineData("split_bytes: 64kib", 64L << 10)]
    [InlineData("split_bytes: 4096", 4096)]
    [InlineData("split_bytes: off", 0)]
    [InlineData("split_bytes: 0", 0)]
    [InlineData("", InputSpec.DefaultSplitBytes)]
    public void Split_bytes_reads_a_size(string line, long expected) =>
        Assert.Equal(expected, InputSpec.Read(OptionsNode.Parse("p.yaml", $"path: x.jsonl\n{line}\n")).SplitBytes);

    [Theory]
    [InlineData("split_bytes: -1")]
    [InlineData("split_bytes: 2 MB")]
    [InlineData("split_bytes: lots")]
    public void Split_bytes_rejects_what_is_not_a_size(string line)
    {
        var e = Assert.Throws<ConfigException>(() => InputSpec.Read(OptionsNode.Parse("p.yaml", $"path: x.jsonl\n{line}\n")));
        Assert.Contains("split_bytes", e.Message);
        Assert.Contains("256MiB", e.Message);
    }
}
