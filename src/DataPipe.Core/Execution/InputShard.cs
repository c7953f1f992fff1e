namespace DataPipe.Core.Execution;

/// <summary>
/// One input file of the build, or one range of a big file (<c>split_bytes</c>), as resolved into the plan. Its index
/// is the shard half of every SourcePosition; the ranges of one file have consecutive indices in file order, so
/// position order stays file order.
/// </summary>
public sealed record InputShard
{
    public required int Index { get; init; }

    /// <summary>Absolute path (or URL, for remote inputs).</summary>
    public required string Path { get; init; }

    /// <summary>Reader format: <c>wet</c>, <c>warc</c>, <c>jsonl</c> or <c>parquet</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Size in bytes when known at planning time (progress and ETA), else 0; for a range, the range's size.</summary>
    public long Bytes { get; init; }

    /// <summary>Short stable name used in generated ids (<c>{name}:{ordinal}</c>) and logs: the file's, for a range too.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The byte range of the file this task reads: JSONL from just after a <c>\n</c> (or 0) to just after one (or the
    /// end); zstd JSONL the frames from one frame start to the next range's (see <see cref="Decoded"/>); Parquet the
    /// row groups whose first page lies in it; plain WARC/WET from one record start to another (or the end).
    /// <see cref="End"/> -1 is the end of the file.
    /// </summary>
    public long Start { get; init; }
    public long End { get; init; } = -1;

    /// <summary>The file ordinal of the range's first record (lines, rows or WARC record starts before <see cref="Start"/>).</summary>
    public long FirstOrdinal { get; init; }

    /// <summary>
    /// For a range of a zstd file: the decompressed bytes it reads, from its first frame at <see cref="Start"/> on
    /// (its last line may run on past <see cref="End"/>, which then only sizes the task); null otherwise.
    /// </summary>
    public Input.Splitting.DecodedRange? Decoded { get; init; }

    /// <summary>Whether this task reads part of its file rather than the whole of it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRange => Start != 0 || End >= 0;

    /// <summary>How HTML payloads become text (the input's <c>extraction:</c> and <c>favor:</c>).</summary>
    public Formats.Html.HtmlExtractionOptions Html { get; init; } = Formats.Html.HtmlExtractionOptions.Default;

    /// <summary>Field names for record formats (JSONL, Parquet).</summary>
    public string TextField { get; init; } = "text";
    public string IdField { get; init; } = "id";
    public string UrlField { get; init; } = "url";
}
