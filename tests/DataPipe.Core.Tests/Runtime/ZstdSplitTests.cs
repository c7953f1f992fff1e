using System.Diagnostics;
using DataPipe.Core.Execution;
using DataPipe.Core.Input.Splitting;
using DataPipe.Core.Tests.Formats;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>Cut points of multi-frame zstd JSONL files, and that reading a file's ranges one after another reads the whole file.</summary>
public sealed class ZstdSplitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static InputShard Shard(string path, FileRange range, int index = 0) => new()
    {
        Index = index, Path = path, Format = "jsonl", Name = Path.GetFileName(path),
        Start = range.Start, End = range.End, FirstOrdinal = range.FirstOrdinal, Decoded = range.Decoded,
    };

    private static List<string> Read(string path, IReadOnlyList<FileRange> ranges) =>
        ranges.SelectMany((r, i) => ReaderRun.Of(Shard(path, r, i)).Documents)
            .Select(d => $"{d.Id}|{d.Position.Ordinal}|{d.Url}|{d.Text}").ToList();

    private byte[] Corpus(string name, int lines, int seed, int longLineBytes = 0)
    {
        string path = _dir.File(name + ".plain.jsonl");
        SplitCorpus.WriteJsonl(path, lines, seed, longLineBytes);
        return File.ReadAllBytes(path);
    }

    private static List<ZstdFrame> Walk(string path)
    {
        using var file = File.OpenHandle(path);
        return ZstdFrameWalker.Frames(file);
    }

    [Fact]
    public void The_frame_walk_finds_the_frames_libzstd_finds()
    {
        // Raw blocks (random bytes), RLE blocks (a long run of one byte), compressed blocks, checksums, skippable frames.
        var random = new Random(11);
        var noise = new byte[300_000];
        random.NextBytes(noise);
        byte[] data = [.. Corpus("w", 500, 11), .. noise, .. Enumerable.Repeat((byte)'x', 400_000)];
        foreach (bool checksum in new[] { false, true })
        {
            string path = _dir.File($"w{checksum}.jsonl.zst");
            ZstdFrames.Write(path, data, Enumerable.Range(1, 12).Select(i => data.Length * i / 13 + random.Next(100)), checksum, 0, 5, 12);
            byte[] file = File.ReadAllBytes(path);
            var frames = Walk(path);
            Assert.Equal(ZstdFrames.LibraryFrameStarts(file), frames.Select(f => f.Offset));
            Assert.Equal(13, frames.Count(f => !f.Skippable));
            Assert.Equal(3, frames.Count(f => f.Skippable));
            Assert.Equal(file.Length, frames[^1].Offset + frames[^1].Length);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ranges_start_on_frames_and_number_lines_as_the_whole_file(bool framesEndOnLineEnds)
    {
        byte[] data = Corpus("r", 700, 7);
        var random = new Random(7);
        var lineEnds = ZstdFrames.LineEnds(data);
        var cuts = framesEndOnLineEnds
            ? lineEnds.Where((_, i) => i % 37 == 36).ToList()
            : Enumerable.Range(1, 19).Select(i => data.Length * i / 20 + random.Next(50)).ToList();
        if (!framesEndOnLineEnds) Assert.Contains(cuts, c => data[c - 1] != (byte)'\n');
        string path = _dir.File($"r{framesEndOnLineEnds}.jsonl.zst");
        ZstdFrames.Write(path, data, cuts);
        var frameStarts = Walk(path).Select(f => f.Offset).ToList();
        var decodedFrameStarts = cuts.Order().Prepend(0).Select(c => (long)c).ToList();
        var whole = Read(path, FileRange.Whole);

        foreach (int parts in new[] { 3, 5, 11 })
        {
            var ranges = ZstdCutter.Cut(path, parts);
            Assert.True(ranges.Count >= 3, $"{parts} parts gave {ranges.Count} ranges");
            Assert.Equal(0, ranges[0].Start);
            Assert.Equal(-1, ranges[^1].End);
            Assert.Equal(-1, ranges[^1].Decoded!.Length);
            for (int i = 0; i < ranges.Count; i++)
            {
                var r = ranges[i];
                var d = r.Decoded!;
                int frame = frameStarts.IndexOf(r.Start);
                Assert.True(frame >= 0, $"range {i} starts at {r.Start}, not at a frame");
                Assert.Equal(decodedFrameStarts[frame], d.Start - d.Skip);
                Assert.True(d.Start == 0 || data[d.Start - 1] == (byte)'\n', $"range {i}'s first line starts at {d.Start}, after no newline");
                Assert.Equal(data.AsSpan(0, (int)d.Start).Count((byte)'\n'), r.FirstOrdinal);
                if (framesEndOnLineEnds) Assert.Equal(0, d.Skip);
                if (i + 1 < ranges.Count)
                {
                    Assert.Equal(ranges[i + 1].Start, r.End);
                    Assert.Equal(ranges[i + 1].Decoded!.Start - d.Start, d.Length);
                }
            }
            if (!framesEndOnLineEnds) Assert.Contains(ranges, r => r.Decoded!.Skip > 0);
            Assert.Equal(whole, Read(path, ranges));
        }
    }

    [Fact]
    public void Skippable_frames_are_stepped_over_and_never_start_a_range()
    {
        byte[] data = Corpus("s", 400, 8);
        string path = _dir.File("s.jsonl.zst");
        ZstdFrames.Write(path, data, Enumerable.Range(1, 7).Select(i => data.Length * i / 8 + 3), false, 0, 2, 3, 6);
        var frames = Walk(path);
        var ranges = ZstdCutter.Cut(path, 4);
        Assert.True(ranges.Count >= 3, $"{ranges.Count} ranges");
        Assert.All(ranges.Skip(1), r => Assert.Contains(frames, f => f.Offset == r.Start && !f.Skippable));
        Assert.Equal(Read(path, FileRange.Whole), Read(path, ranges));
    }

    [Fact]
    public void A_line_over_many_frames_is_read_once_and_no_line_is_lost()
    {
        byte[] data = Corpus("l", 80, 9, longLineBytes: 300_000);
        string path = _dir.File("l.jsonl.zst");
        ZstdFrames.Write(path, data, Enumerable.Range(1, 40).Select(i => data.Length * i / 41));
        var whole = Read(path, FileRange.Whole);
        var ranges = ZstdCutter.Cut(path, 30);
        Assert.True(ranges.Count >= 2 && ranges.Count < 30, $"{ranges.Count} ranges");
        Assert.Equal(whole, Read(path, ranges));
        Assert.Single(whole, d => d.Contains(new string('x', 300_000), StringComparison.Ordinal));
    }

    [Fact]
    public void One_frame_or_a_malformed_file_is_read_whole_with_one_line_why()
    {
        byte[] data = Corpus("m", 300, 10);
        var notes = new List<string>();
        string single = _dir.File("single.jsonl.zst");
        ZstdFrames.Write(single, data, []);
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges(single, "jsonl", 1024, notes.Add));
        Assert.Contains("one zstd frame", Assert.Single(notes));

        string good = _dir.File("good.jsonl.zst");
        ZstdFrames.Write(good, data, Enumerable.Range(1, 5).Select(i => data.Length * i / 6), checksum: true);
        byte[] file = File.ReadAllBytes(good);
        Assert.True(InputSplitter.Ranges(good, "jsonl", file.Length / 4).Count >= 3);
        long third = Walk(good)[2].Offset;
        var damaged = new Dictionary<string, byte[]>
        {
            ["bad-magic"] = [.. file[..(int)third], 0x00, 0x11, .. file[((int)third + 2)..]],
            ["truncated"] = file[..^7],
            ["trailing"] = [.. file, 0x28, 0xB5],
            ["reserved-bit"] = [.. file[..(int)(third + 4)], (byte)(file[third + 4] | 0x08), .. file[((int)third + 5)..]],
            ["noise"] = [.. Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7919 >> 3))],
        };
        foreach (var (name, bytes) in damaged)
        {
            notes.Clear();
            string path = _dir.File($"{name}.jsonl.zst");
            File.WriteAllBytes(path, bytes);
            Assert.Equal(FileRange.Whole, InputSplitter.Ranges(path, "jsonl", 1024, notes.Add));
            Assert.Contains("could not be planned", Assert.Single(notes));
        }
        // A frame whose headers walk but whose data fails its checksum: the planner's decompression meets it.
        notes.Clear();
        byte[] corrupt = (byte[])file.Clone();
        for (long i = third + 40; i < third + 60; i++) corrupt[i] ^= 0x5A;
        string corruptPath = _dir.File("corrupt.jsonl.zst");
        File.WriteAllBytes(corruptPath, corrupt);
        using (var handle = File.OpenHandle(corruptPath)) Assert.Equal(Walk(good).Count, ZstdFrameWalker.Frames(handle).Count);
        Assert.Equal(FileRange.Whole, InputSplitter.Ranges(corruptPath, "jsonl", 1024, notes.Add));
        Assert.Contains("could not be planned", Assert.Single(notes));
    }

    [Fact]
    public void A_range_quarantines_bad_lines_and_damaged_frames_at_offsets_of_the_whole_decompressed_file()
    {
        byte[] data = Corpus("q", 400, 13);
        string path = _dir.File("q.jsonl.zst");
        ZstdFrames.Write(path, data, Enumerable.Range(1, 9).Select(i => data.Length * i / 10 + 5), checksum: true);
        var ranges = ZstdCutter.Cut(path, 3);
        Assert.True(ranges.Count >= 3, $"{ranges.Count} ranges");
        var whole = ReaderRun.Of(Shard(path, FileRange.Whole[0])).Quarantined.Select(q => (q.Offset, q.Error)).ToList();
        Assert.Contains(whole, q => q.Error.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.All(whole, q => Assert.Contains($"line at offset {q.Offset} in the whole file's decompressed stream", q.Error));
        Assert.Equal(whole, ranges.SelectMany((r, i) => ReaderRun.Of(Shard(path, r, i)).Quarantined).Select(q => (q.Offset, q.Error)));

        // The file damaged after planning: the middle range's first frame no longer decompresses.
        byte[] file = File.ReadAllBytes(path);
        var middle = ranges[1];
        for (long i = middle.Start + 30; i < middle.Start + 50; i++) file[i] ^= 0x5A;
        File.WriteAllBytes(path, file);
        var damaged = ReaderRun.Of(Shard(path, middle, 1));
        var entry = Assert.Single(damaged.Quarantined, q => q.Error.Contains("compressed stream", StringComparison.Ordinal));
        Assert.Contains($"after decompressed offset {entry.Offset} (this range decompresses from the frame at offset {middle.Start} in the compressed file)", entry.Error);
        Assert.True(entry.Offset >= middle.Decoded!.Start);
    }

    [PzstdFact]
    public void A_file_written_by_pzstd_is_cut_at_its_frames_and_reads_as_the_whole_file()
    {
        // pzstd -1 writes a frame per 2 MiB of input, each after a skippable frame holding its size, cut mid-line.
        string plain = _dir.File("pz.jsonl");
        SplitCorpus.WriteJsonl(plain, 30_000, seed: 12);
        Assert.True(new FileInfo(plain).Length > 6 << 20);
        string path = _dir.File("pz.jsonl.zst");
        using (var process = Process.Start(new ProcessStartInfo(PzstdFactAttribute.Executable, ["-q", "-1", "-p", "2", plain, "-o", path]) { RedirectStandardError = true })!)
        {
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
        }
        var frames = Walk(path);
        Assert.Equal(ZstdFrames.LibraryFrameStarts(File.ReadAllBytes(path)), frames.Select(f => f.Offset));
        Assert.True(frames.Count(f => !f.Skippable) >= 3 && frames.Any(f => f.Skippable), $"{frames.Count} frames");

        var ranges = InputSplitter.Ranges(path, "jsonl", new FileInfo(path).Length / 3);
        Assert.True(ranges.Count >= 3, $"{ranges.Count} ranges");
        Assert.All(ranges.Skip(1), r => Assert.Contains(frames, f => f.Offset == r.Start && !f.Skippable));
        Assert.Contains(ranges, r => r.Decoded!.Skip > 0);
        Assert.Equal(Read(path, FileRange.Whole), Read(path, ranges));
    }
}

/// <summary>A test that needs Debian's <c>pzstd</c> (package <c>zstd</c>), skipped with the reason when it is missing.</summary>
public sealed class PzstdFactAttribute : FactAttribute
{
    public static readonly string Executable = new[] { "/usr/bin/pzstd", "/usr/local/bin/pzstd" }.FirstOrDefault(File.Exists) ?? "pzstd";

    public PzstdFactAttribute()
    {
        if (!File.Exists(Executable)) Skip = "pzstd is missing (`apt-get install zstd`; .ci/run installs it)";
    }
}
