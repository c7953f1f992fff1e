namespace DataPipe.Core.Reporting.Model;

/// <summary>One phase of the plan (pass, resolve, finalize) and the time its tasks took.</summary>
public sealed record PhaseReport
{
    public string Name { get; set; } = "";

    /// <summary><c>pass</c>, <c>resolve</c> or <c>finalize</c>.</summary>
    public string Kind { get; set; } = "";

    public int Tasks { get; set; }
    public int TasksReported { get; set; }
    public double TaskSeconds { get; set; }
    public long InputBytes { get; set; }
}
