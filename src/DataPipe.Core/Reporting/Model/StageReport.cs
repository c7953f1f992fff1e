using System.Text.Json.Serialization;

namespace DataPipe.Core.Reporting.Model;

/// <summary>One row of the funnel: a stage of the final pass, summed over its tasks.</summary>
public sealed record StageReport
{
    public string Name { get; set; } = "";

    /// <summary><c>document</c> or <c>global</c>.</summary>
    public string Kind { get; set; } = "";

    public long DocsIn { get; set; }
    public long DocsOut { get; set; }
    public long DocsDropped { get; set; }
    public long BytesIn { get; set; }
    public long BytesOut { get; set; }

    /// <summary>By reason, in the order the stage checks its rules.</summary>
    public IReadOnlyDictionary<string, DropReport> Drops { get; set; } = new Dictionary<string, DropReport>();

    public IReadOnlyDictionary<string, long> Counters { get; set; } = new Dictionary<string, long>();
    public double Seconds { get; set; }
    public double DocsPerSecond { get; set; }
    public double MbPerSecond { get; set; }

    /// <summary>A global stage's resolve phases by phase name; absent for a document stage.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ResolveReport>? Resolve { get; set; }
}

public sealed record DropReport(long Docs, long Bytes);

public sealed record ResolveReport
{
    public int Tasks { get; set; }
    public double Seconds { get; set; }
    public IReadOnlyDictionary<string, long> Counters { get; set; } = new Dictionary<string, long>();
}
