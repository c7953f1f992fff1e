using DataPipe.Core.Input.Remote;

namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// Decides how many tasks read one input file: a local plain JSONL, multi-frame zstd JSONL or Parquet file above
/// <c>split_bytes</c> is cut into ranges of about <c>split_bytes</c> (at least two), so one big file keeps every worker
/// busy. Gzip JSONL is not cut (a task could start only at a member, and finding members means inflating to check
/// each candidate header), nor WARC/WET (a crawl comes as many files of about 1 GB, one task each already fills the cores).
/// </summary>
public static class InputSplitter
{
    /// <param name="note">Receives one line when a file that could be split is read whole, and why.</param>
    public static IReadOnlyList<FileRange> Ranges(string path, string format, long splitBytes, Action<string>? note = null)
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
            "jsonl" when Formats.Compression.IsZstd(path) => ZstdCutter.Cut(path, parts, note),
            "parquet" => ParquetCutter.Cut(path, parts),
            _ => FileRange.Whole,
        };
    }

    /// <summary>Where the k-th of <paramref name="parts"/> equal ranges of a file would start; a cutter cuts at the first record boundary at or after it.</summary>
    internal static long Target(long length, int k, int parts) => (long)((Int128)length * k / parts);
}
