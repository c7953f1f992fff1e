using System.Text.Json.Serialization;
using DataPipe.Training.Data;
using DataPipe.Training.Reporting;

namespace DataPipe.Training.Checkpoints;

/// <summary>A range of sampler positions whose step was refused by the guard; replays jump over it.</summary>
public sealed record SkippedRange(
    [property: JsonPropertyName("from")] SamplerCursor From,
    [property: JsonPropertyName("to")] SamplerCursor To);

/// <summary>Everything besides the tensors that a checkpoint must hold to continue exactly.</summary>
public sealed record TrainingState
{
    [JsonPropertyName("step")] public int Step { get; init; }
    [JsonPropertyName("cursor")] public SamplerCursor Cursor { get; init; }
    [JsonPropertyName("tokens_seen")] public long TokensSeen { get; init; }
    [JsonPropertyName("rollbacks")] public int Rollbacks { get; init; }
    [JsonPropertyName("skipped")] public IReadOnlyList<SkippedRange> Skipped { get; init; } = [];
    [JsonPropertyName("recent_losses")] public IReadOnlyList<double> RecentLosses { get; init; } = [];
    [JsonPropertyName("metrics")] public IReadOnlyList<MetricsRow> Metrics { get; init; } = [];
    [JsonPropertyName("config_hash")] public string ConfigHash { get; init; } = "";
}
