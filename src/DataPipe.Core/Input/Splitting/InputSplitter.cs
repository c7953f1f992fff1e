using DataPipe.Core.Input.Remote;

namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// Decides how many tasks read one input file: a local plain JSONL or Parquet file above <c>split_bytes</c> is cut
/// into ranges of about <c>split_bytes</c> (at least two), so one big file keeps every worker busy. Compressed JSONL is not cut (a
/// range's first line number needs every decompressed byte before it), nor WARC/WET (a crawl comes as many files of
/// about 1 GB, one task each already fills the cores).
/// </summary>
public static class InputSplitter
{
    public static IReadOnlyList<FileRange> Ranges(string path, string format, long splitBytes)
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
            "parquet" => ParquetCutter.Cut(path, parts),
            _ => FileRange.Whole,
        };
    }

    /// <summary>Where the k-th of <paramref name="parts"/> equal ranges of a file would start; a cutter cuts at the first record boundary at or after it.</summary>
    internal static long Target(long length, int k, int parts) => (long)((Int128)length * k / parts);
}
