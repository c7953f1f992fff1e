using DataPipe.Core.Execution;
using DataPipe.Core.Reporting;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Stages;

/// <summary>Everything a stage may know about the task it runs in. It never knows which executor runs it.</summary>
public sealed class StepContext
{
    public required BuildLayout Layout { get; init; }
    public required InputShard Shard { get; init; }
    public required int ShardCount { get; init; }

    /// <summary>Index of the pass (0-based) this step runs in.</summary>
    public required int Pass { get; init; }

    /// <summary>The stage's own counters for this task (e.g. PII spans by type); they land in the report.</summary>
    public required Counters Counters { get; init; }

    public required ILogger Logger { get; init; }
    public required long Seed { get; init; }
    public CancellationToken Cancellation { get; init; }

    /// <summary>The stage's work folder for intermediates: <c>passes/&lt;stage&gt;/</c>.</summary>
    public string StageDirectory(string stageName) => Layout.StageDirectory(stageName);
}

public sealed class ResolveContext
{
    public required BuildLayout Layout { get; init; }
    public required int Rank { get; init; }
    public required int TaskCount { get; init; }
    public required int ShardCount { get; init; }
    public required IReadOnlyList<InputShard> Shards { get; init; }
    public required Counters Counters { get; init; }
    public required ILogger Logger { get; init; }
    public required long Seed { get; init; }
    public CancellationToken Cancellation { get; init; }
}

public sealed class FinalizeContext
{
    public required BuildLayout Layout { get; init; }
    public required IReadOnlyList<InputShard> Shards { get; init; }
    public required ILogger Logger { get; init; }

    /// <summary>Extra sections a finalizer wants in report.json (e.g. <c>tokens</c>), keyed by section name.</summary>
    public Dictionary<string, object> ReportSections { get; } = new(StringComparer.Ordinal);
}
