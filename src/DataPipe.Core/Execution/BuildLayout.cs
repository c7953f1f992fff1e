namespace DataPipe.Core.Execution;

/// <summary>Every path inside a build folder, in one place (see DESIGN.md, "Build folder").</summary>
public sealed class BuildLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string PlanFile => Path.Combine(Root, "plan.json");
    public string PassesDirectory => Path.Combine(Root, "passes");
    public string DoneDirectory => Path.Combine(Root, "done");
    public string TokensDirectory => Path.Combine(Root, "tokens");

    /// <summary>The tokenizer a <c>train_tokenizer</c> stage trained on this build's own text.</summary>
    public string TokenizerDirectory => Path.Combine(Root, "tokenizer");
    public string DocumentsDirectory => Path.Combine(Root, "documents");
    public string RejectedDirectory => Path.Combine(Root, "rejected");
    public string QuarantineDirectory => Path.Combine(Root, "quarantine");
    public string LogsDirectory => Path.Combine(Root, "logs");
    public string ReportJson => Path.Combine(Root, "report.json");
    public string ReportHtml => Path.Combine(Root, "report.html");

    public string StageDirectory(string stageName) => Path.Combine(PassesDirectory, stageName);

    public string PhaseDirectory(string phaseName) => Path.Combine(PassesDirectory, "_phases", phaseName);

    /// <summary>Per-task statistics of a phase, read back by the finalize task.</summary>
    public string TaskStatsFile(string phaseName, int rank) => Path.Combine(PhaseDirectory(phaseName), "stats", $"task-{rank:D5}.json");

    public string RejectedSampleFile(string phaseName, int rank) => Path.Combine(PhaseDirectory(phaseName), "rejected", $"task-{rank:D5}.jsonl");

    /// <summary>The documents a pass task kept, read by the same task of the next pass (<see cref="Formats.Carry.CarryFile"/>).</summary>
    public string CarryFile(string phaseName, int rank) => Path.Combine(PhaseDirectory(phaseName), "carry", ShardFileName(rank, Formats.Carry.CarryFile.Extension));

    public string DoneMarker(string phaseName, int rank) => Path.Combine(DoneDirectory, phaseName, $"{rank:D5}.done");

    /// <summary>One task's log: a Slurm rank's output (every attempt appends to it), or a local task's failure.</summary>
    public string TaskLog(string phaseName, int rank) => Path.Combine(LogsDirectory, phaseName, $"rank-{rank:D5}.log");

    /// <summary>Where every temporary of the build is written before its rename into place (see <see cref="IO.TemporaryFolder"/>).</summary>
    public string TemporaryDirectory => Path.Combine(Root, IO.TemporaryFolder.Name);

    public static string ShardFileName(int shard, string extension) => $"shard-{shard:D5}{extension}";
}
