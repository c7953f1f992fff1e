namespace DataPipe.Core.Execution;

/// <summary>One input file of the build, as resolved into the plan. Its index is the shard half of every SourcePosition.</summary>
public sealed record InputShard
{
    public required int Index { get; init; }

    /// <summary>Absolute path (or URL, for remote inputs).</summary>
    public required string Path { get; init; }

    /// <summary>Reader format: <c>wet</c>, <c>warc</c>, <c>jsonl</c> or <c>parquet</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Size in bytes when known at planning time (progress and ETA), else 0.</summary>
    public long Bytes { get; init; }

    /// <summary>Short stable name used in generated ids (<c>{name}:{ordinal}</c>) and logs.</summary>
    public required string Name { get; init; }

    /// <summary>How HTML payloads become text (the input's <c>extraction:</c> and <c>favor:</c>).</summary>
    public Formats.Html.HtmlExtractionOptions Html { get; init; } = Formats.Html.HtmlExtractionOptions.Default;

    /// <summary>Field names for record formats (JSONL, Parquet).</summary>
    public string TextField { get; init; } = "text";
    public string IdField { get; init; } = "id";
    public string UrlField { get; init; } = "url";
}
