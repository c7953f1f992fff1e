namespace DataPipe.Core.Config;

/// <summary>One entry of a pipeline's <c>inputs:</c> list (or one <c>--input</c> flag), before it is expanded to shards.</summary>
public sealed record InputSpec
{
    /// <summary>A path or glob (<c>*</c>, <c>?</c>, <c>**</c>).</summary>
    public string? Path { get; init; }

    /// <summary>A file listing one shard path per line (plain or .gz), the Common Crawl <c>wet.paths.gz</c> form.</summary>
    public string? PathsFile { get; init; }

    /// <summary>Folder the lines of <see cref="PathsFile"/> are relative to.</summary>
    public string? Base { get; init; }

    /// <summary>URL the lines of <see cref="PathsFile"/> are relative to (Common Crawl: <c>https://data.commoncrawl.org/</c>).</summary>
    public string? BaseUrl { get; init; }

    /// <summary><c>auto</c> (by extension), <c>wet</c>, <c>warc</c>, <c>jsonl</c> or <c>parquet</c>.</summary>
    public string Format { get; init; } = "auto";

    /// <summary>HTML to text (WARC <c>response</c>/<c>resource</c> records): <c>main</c> or <c>all</c>, and which error <c>main</c> favours.</summary>
    public string Extraction { get; init; } = "main";
    public string Favor { get; init; } = "balanced";

    /// <summary>
    /// A local plain JSONL or Parquet file above this size is read by several tasks, each a range of it (0: never).
    /// Compressed JSONL, WARC and WET are never split.
    /// </summary>
    public long SplitBytes { get; init; } = DefaultSplitBytes;

    public const long DefaultSplitBytes = 256L << 20;

    public string TextField { get; init; } = "text";
    public string IdField { get; init; } = "id";
    public string UrlField { get; init; } = "url";

    /// <summary>Where this entry was written, for error messages.</summary>
    public required string Origin { get; init; }
    public int Line { get; init; }
    public int Column { get; init; }

    public static readonly string[] Formats = ["auto", "wet", "warc", "jsonl", "parquet"];

    public static InputSpec Read(OptionsNode node)
    {
        var spec = new InputSpec
        {
            Path = node.GetString("path"),
            PathsFile = node.GetString("paths_file"),
            Base = node.GetString("base"),
            BaseUrl = node.GetString("base_url"),
            Format = node.GetChoice("format", "auto", Formats),
            Extraction = node.GetChoice("extraction", "main", DataPipe.Core.Formats.Html.HtmlExtractionOptions.Modes),
            Favor = node.GetChoice("favor", "balanced", DataPipe.Core.Formats.Html.HtmlExtractionOptions.Favors),
            SplitBytes = node.GetByteSize("split_bytes", DefaultSplitBytes),
            TextField = node.GetString("text_field", "text")!,
            IdField = node.GetString("id_field", "id")!,
            UrlField = node.GetString("url_field", "url")!,
            Origin = node.File,
            Line = node.ErrorHere("").Line,
            Column = node.ErrorHere("").Column,
        };
        if ((spec.Path is null) == (spec.PathsFile is null))
            throw node.ErrorHere("an input needs exactly one of 'path' or 'paths_file'");
        if (spec.Base is not null && spec.PathsFile is null)
            throw node.Error("base", "'base' goes with 'paths_file'");
        if (spec.BaseUrl is not null && (spec.PathsFile is null || spec.Base is not null))
            throw node.Error("base_url", "'base_url' goes with 'paths_file', instead of 'base'");
        if (spec.BaseUrl is not null && !Input.Remote.HttpShardSource.IsRemote(spec.BaseUrl))
            throw node.Error("base_url", $"'{spec.BaseUrl}' is not an http(s) URL");
        node.EnsureAllKeysKnown();
        return spec;
    }
}
