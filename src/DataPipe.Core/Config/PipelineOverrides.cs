namespace DataPipe.Core.Config;

/// <summary>Command-line flags that win over the pipeline file.</summary>
public sealed record PipelineOverrides
{
    public IReadOnlyList<string> Inputs { get; init; } = [];
    public string? Out { get; init; }
    public int? Workers { get; init; }

    /// <summary><c>--base-url</c>: the URL that lines of a paths file are relative to.</summary>
    public string? BaseUrl { get; init; }
}
