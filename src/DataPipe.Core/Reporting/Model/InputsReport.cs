using DataPipe.Core.Input;

namespace DataPipe.Core.Reporting.Model;

/// <summary>The <c>inputs</c> section: what the plan listed and what reading it went through.</summary>
public sealed record InputsReport
{
    public int Shards { get; set; }
    public long Bytes { get; set; }

    /// <summary>Reader counters summed over the final pass (<see cref="Formats.ReaderCounters"/> names).</summary>
    public IReadOnlyDictionary<string, long> Reader { get; set; } = new Dictionary<string, long>();

    public IReadOnlyList<string> Missing { get; set; } = [];
    public IReadOnlyList<DamagedInput> Damaged { get; set; } = [];
    public IReadOnlyList<SkippedInput> Skipped { get; set; } = [];
}

/// <summary>A shard that was read with losses: records quarantined, compressed stretches lost, or cut short.</summary>
public sealed record DamagedInput(string Path, long QuarantinedRecords, long DamagedRegions, bool Truncated);
