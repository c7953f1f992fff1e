using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPipe.Core.Execution;

/// <summary>
/// The resolved build: pipeline text, shards and phases. Written to <c>plan.json</c>; it is all a task needs,
/// so the same file drives the local executor and Slurm array tasks alike.
/// </summary>
public sealed record Plan
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string PipelineName { get; init; }
    public required string PipelineFile { get; init; }
    public required string PipelineYaml { get; init; }
    public required string ConfigHash { get; init; }
    public required string Out { get; init; }
    public required long Seed { get; init; }
    public required IReadOnlyList<InputShard> Shards { get; init; }
    public required IReadOnlyList<PhasePlan> Phases { get; init; }

    /// <summary>Files of input folders no reader recognises: logged once each, counted as <c>skipped_files</c>.</summary>
    public IReadOnlyList<Input.SkippedInput> SkippedInputs { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public PhasePlan Phase(string name) =>
        Phases.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"the plan has no phase '{name}' (phases: {string.Join(", ", Phases.Select(p => p.Name))})");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Plan Load(string path) =>
        JsonSerializer.Deserialize<Plan>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is not a plan");
}

public enum PhaseKind { Pass, Resolve, Finalize }

public enum StepMode { Run, Sign, Apply }

public sealed record PhasePlan
{
    public required string Name { get; init; }
    public required PhaseKind Kind { get; init; }
    public required int Tasks { get; init; }

    /// <summary>For a pass: its index, and what each stage does in it.</summary>
    public int Pass { get; init; }
    public bool FinalPass { get; init; }
    public IReadOnlyList<PassStep>? Steps { get; init; }

    /// <summary>For a pass: the earlier pass whose carried documents it reads instead of the raw input (null: the input).</summary>
    public string? ReadsCarryOf { get; init; }

    /// <summary>For a pass: whether it writes the documents it kept for the next pass to read.</summary>
    public bool WritesCarry { get; init; }

    /// <summary>For a resolve phase: the global stage and which of its resolve phases.</summary>
    public string? Stage { get; init; }
    public int ResolveIndex { get; init; }
}

public sealed record PassStep(string Stage, StepMode Mode);
