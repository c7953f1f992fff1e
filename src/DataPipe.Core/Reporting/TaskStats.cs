using System.Text.Json;

namespace DataPipe.Core.Reporting;

/// <summary>What one task did; written beside its outputs and merged by the finalize task into report.json.</summary>
public sealed record TaskStats
{
    public required string Phase { get; init; }
    public required int Rank { get; init; }
    public double Seconds { get; init; }

    /// <summary>Bytes of the input file consumed (compressed, as on disk).</summary>
    public long InputBytes { get; init; }
    public IReadOnlyDictionary<string, long> Reader { get; init; } = new Dictionary<string, long>();
    public IReadOnlyList<StepStats> Steps { get; init; } = [];

    /// <summary>UTF-8 sizes of the documents read and of those the pass kept (power-of-two buckets).</summary>
    public long[] DocBytesRead { get; init; } = [];
    public long[] DocBytesKept { get; init; } = [];

    /// <summary>Counters of a resolve task.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();

    public static TaskStats Load(string path) =>
        JsonSerializer.Deserialize<TaskStats>(File.ReadAllText(path), Execution.Plan.Json) ?? throw new InvalidDataException(path);
}

public sealed record StepStats
{
    public required string Stage { get; init; }
    public required string Mode { get; init; }
    public long DocsIn { get; set; }
    public long DocsOut { get; set; }
    public long BytesIn { get; set; }
    public long BytesOut { get; set; }
    public double Seconds { get; set; }
    public SortedDictionary<string, DropCount> Drops { get; init; } = new(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, long> Counters { get; set; } = new Dictionary<string, long>();
}

public sealed class DropCount
{
    public long Docs { get; set; }
    public long Bytes { get; set; }
}
