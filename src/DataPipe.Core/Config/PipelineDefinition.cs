using DataPipe.Core.Execution.Slurm;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Config;

/// <summary>A validated pipeline file: typed options and built stages. Nothing runs until this exists.</summary>
public sealed class PipelineDefinition
{
    public required string Name { get; init; }
    public required string File { get; init; }

    /// <summary>The file's text as read, kept in the plan so a task on another machine rebuilds the same stages.</summary>
    public required string Yaml { get; init; }

    public required IReadOnlyList<InputSpec> Inputs { get; init; }
    public required string Out { get; init; }
    public required int Workers { get; init; }
    public required long Seed { get; init; }
    public required string StateDirectory { get; init; }

    /// <summary>Largest record payload a reader buffers; larger records are quarantined.</summary>
    public required long MaxRecordBytes { get; init; }

    /// <summary><c>truncated_records</c>: keep a record cut off by the end of its file (marked), or quarantine it.</summary>
    public Formats.TruncatedRecords TruncatedRecords { get; init; } = Formats.TruncatedRecords.Keep;

    /// <summary>How many dropped documents per reason are kept in <c>rejected/</c>.</summary>
    public required int RejectedSamplesPerReason { get; init; }

    public required IReadOnlyList<IStage> Stages { get; init; }

    /// <summary>Largest share of input shards that may be missing (unreadable path, HTTP 404) before the build fails.</summary>
    public double MaxMissingFraction { get; init; }

    /// <summary>Whether a successful build removes the intermediates it no longer needs (as <c>datapipe clean</c>).</summary>
    public bool CleanIntermediates { get; init; }

    /// <summary>
    /// Whether each pass hands the documents it kept to the next pass (<c>carry_documents</c>, the default), which reads
    /// them instead of the raw input; false replays every earlier stage on the raw input in every pass.
    /// </summary>
    public bool CarryDocuments { get; init; } = true;

    /// <summary>How http(s) shards are fetched (the <c>remote:</c> section).</summary>
    public Input.Remote.RemoteOptions Remote { get; init; } = new();

    /// <summary>Where tasks run unless the command line says otherwise: <c>local</c> or <c>slurm</c>.</summary>
    public string Executor { get; init; } = "local";

    /// <summary>The file's <c>slurm:</c> section (used only by the Slurm executor).</summary>
    public SlurmOptions Slurm { get; init; } = new();
}
