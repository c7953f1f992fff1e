namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>One of issue #5's bars: what was measured against what it must be.</summary>
internal sealed record Bar(string Name, string Measured, string Target, bool Pass)
{
    public string Result => Pass ? "PASS" : "FAIL";
}
