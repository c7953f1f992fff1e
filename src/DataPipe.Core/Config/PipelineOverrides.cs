namespace DataPipe.Core.Config;

/// <summary>Command-line flags that win over the pipeline file.</summary>
public sealed record PipelineOverrides
{
    public IReadOnlyList<string> Inputs { get; init; } = [];
    public string? Out { get; init; }
    public int? Workers { get; init; }
}
