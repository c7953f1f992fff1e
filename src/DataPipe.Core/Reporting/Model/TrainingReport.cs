using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DataPipe.Core.Reporting.Model;

/// <summary>The <c>training</c> section: the run linked to the build (<see cref="TrainingRunSection"/>).</summary>
public sealed record TrainingReport
{
    public string Run { get; set; } = "";

    /// <summary>The run's summary.json as the trainer wrote it: its fields are the trainer's, not the report's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Summary { get; set; }

    public IReadOnlyList<LossPoint> LossCurve { get; set; } = [];
}

public sealed record LossPoint(long Step, double TrainLoss, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValLoss);
