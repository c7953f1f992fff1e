using DataPipe.Core.Input.Remote;

namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// Decides how many tasks read one input file: a local plain JSONL, multi-frame zstd JSONL, Parquet
/// or plain WARC/WET file above <c>split_bytes</c> is cut into ranges of about <c>split_bytes</c> (at least two), so one
/// big file keeps every worker busy. Gzip files are not cut: a task could start only at a member, and finding members
/// means inflating to check each candidate header (docs/performance.md).
/// </summary>
public static class InputSplitter
{
    /// <param name="keptWhole">Told why, when a file above <c>split_bytes</c> that could be cut is read whole after all.</param>
    /// <param name="maxRecordBytes">The build's <c>max_record_bytes</c> (WARC framing depends on it).</param>
    public static IReadOnlyList<FileRange> Ranges(string path, string format, long splitBytes, Action<string>? keptWhole = null,
        long maxRecordBytes = Formats.ReaderContext.DefaultMaxRecordBytes)
    {
        if (splitBytes <= 0 || RemoteShards.IsRemote(path) || !File.Exists(path)) return FileRange.Whole;
        long length = new FileInfo(path).Length;
        if (length <= splitBytes) return FileRange.Whole;
        // Rounded, not rounded up: a file a hair over 4 × split_bytes is 4 ranges, not 5, which 2 or 4 workers finish
        // in even rounds. Ranges are 0.5–1.5 × split_bytes.
        int parts = (int)Math.Clamp(Math.Round(length / (double)splitBytes, MidpointRounding.AwayFromZero), 2, int.MaxValue);
        return format switch
        {
            "jsonl" when !Formats.Compression.IsCompressed(path) => JsonlCutter.Cut(path, parts),
            "jsonl" when Formats.Compression.IsZstd(path) => ZstdCutter.Cut(path, parts, keptWhole),
            "parquet" => ParquetCutter.Cut(path, parts),
            "warc" or "wet" when !Formats.Compression.IsCompressed(path) => CutWarc(path, parts, maxRecordBytes, keptWhole),
            _ => FileRange.Whole,
        };
    }

    private static IReadOnlyList<FileRange> CutWarc(string path, int parts, long maxRecordBytes, Action<string>? keptWhole)
    {
        var ranges = WarcCutter.Cut(path, parts, maxRecordBytes, out string? whyWhole);
        if (whyWhole is not null) keptWhole?.Invoke(whyWhole);
        return ranges;
    }

    /// <summary>Where the k-th of <paramref name="parts"/> equal ranges of a file would start; a cutter cuts at the first record boundary at or after it.</summary>
    internal static long Target(long length, int k, int parts) => (long)((Int128)length * k / parts);
}
