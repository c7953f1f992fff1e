using System.Buffers;

namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// Cuts a multi-frame zstd JSONL file at frame starts near equal-size targets (a task can start decompressing only
/// there). Frames need not end on a line end (pzstd cuts at fixed sizes), so the planner decompresses the file once to
/// find each range's first whole line after its frame start and count the lines before it. A file of one frame, or
/// anything unexpected, is one whole-file task, with one line saying why.
/// </summary>
public static class ZstdCutter
{
    private const int BufferBytes = 1 << 20;

    /// <param name="note">Told why, when the file is read whole for a reason its user may want to know.</param>
    public static IReadOnlyList<FileRange> Cut(string path, int parts, Action<string>? note = null)
    {
        if (parts < 2) return FileRange.Whole;
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            long length = RandomAccess.GetLength(file);
            var frames = ZstdFrameWalker.Frames(file);
            var starts = ChooseFrames(frames, length, parts);
            if (starts.Count == 0)
            {
                note?.Invoke(frames.Count(f => !f.Skippable) <= 1
                    ? $"it is one zstd frame, and a task can start decompressing only at a frame (pzstd writes many)"
                    : $"none of its zstd frames but the first starts past the first split target");
                return FileRange.Whole;
            }
            var cuts = LineCuts(path, starts, length);
            if (cuts.Count == 0)
            {
                note?.Invoke($"no line starts in its later frames");
                return FileRange.Whole;
            }
            return Ranges(cuts);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException or IOException)
        {
            // The whole-file task meets the same damage and quarantines it with the reason.
            note?.Invoke($"its zstd frames could not be planned ({e.Message})");
            return FileRange.Whole;
        }
    }

    /// <summary>The compressed offsets of the first data frame at or after each target but the first frame.</summary>
    private static List<long> ChooseFrames(List<ZstdFrame> frames, long length, int parts)
    {
        var chosen = new List<long>();
        int k = 1;
        foreach (var frame in frames)
        {
            if (frame.Skippable || frame.Offset == 0 || k >= parts) continue;
            if (frame.Offset < InputSplitter.Target(length, k, parts)) continue;
            chosen.Add(frame.Offset);
            while (k < parts && InputSplitter.Target(length, k, parts) <= frame.Offset) k++;
        }
        return chosen;
    }

    /// <summary>A range start: its frame's compressed offset and decompressed offset, its first line's decompressed offset and index.</summary>
    private readonly record struct LineCut(long Compressed, long FrameDecoded, long LineDecoded, long Lines);

    /// <summary>
    /// Decompresses the file once, one stream per stretch between chosen frames, to place each range's first line: at
    /// its frame's first byte when the byte before it is a <c>\n</c>, else just after the first <c>\n</c> from there.
    /// </summary>
    private static List<LineCut> LineCuts(string path, List<long> starts, long length)
    {
        var cuts = new List<LineCut>();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            long decoded = 0, lines = 0;
            bool afterNewline = true;
            (long Compressed, long FrameDecoded)? pending = null;
            for (int s = 0; s <= starts.Count; s++)
            {
                long from = s == 0 ? 0 : starts[s - 1], to = s < starts.Count ? starts[s] : length;
                if (s > 0)
                {
                    // A line that runs over a whole stretch swallows the earlier start: the later one skips less.
                    if (afterNewline) Add(cuts, new LineCut(from, decoded, decoded, lines));
                    else pending = (from, decoded);
                }
                using var stretch = new ZstdSharp.DecompressionStream(new IO.ByteRangeStream(input, from, to), leaveOpen: false);
                int n;
                while ((n = stretch.Read(buffer, 0, BufferBytes)) > 0)
                {
                    var chunk = buffer.AsSpan(0, n);
                    int counted = 0;
                    if (pending is { } p)
                    {
                        int at = chunk.IndexOf((byte)'\n');
                        if (at >= 0)
                        {
                            lines += chunk[..(at + 1)].Count((byte)'\n');
                            counted = at + 1;
                            Add(cuts, new LineCut(p.Compressed, p.FrameDecoded, decoded + at + 1, lines));
                            pending = null;
                        }
                    }
                    lines += chunk[counted..].Count((byte)'\n');
                    decoded += n;
                    afterNewline = chunk[^1] == (byte)'\n';
                }
            }
            // A range would be empty when its first line starts at the end of the file.
            cuts.RemoveAll(c => c.LineDecoded >= decoded);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return cuts;
    }

    private static void Add(List<LineCut> cuts, LineCut cut)
    {
        // Empty frames or a long line can place two starts at one line: the first keeps it.
        long previous = cuts.Count > 0 ? cuts[^1].LineDecoded : 0;
        if (cut.LineDecoded > previous) cuts.Add(cut);
    }

    private static List<FileRange> Ranges(List<LineCut> cuts)
    {
        var ranges = new List<FileRange>(cuts.Count + 1);
        var start = new LineCut(0, 0, 0, 0);
        for (int i = 0; i <= cuts.Count; i++)
        {
            bool last = i == cuts.Count;
            long end = last ? -1 : cuts[i].Compressed;
            long decodedLength = last ? -1 : cuts[i].LineDecoded - start.LineDecoded;
            ranges.Add(new FileRange(start.Compressed, end, start.Lines,
                new DecodedRange(start.LineDecoded, start.LineDecoded - start.FrameDecoded, decodedLength)));
            if (!last) start = cuts[i];
        }
        return ranges;
    }
}
