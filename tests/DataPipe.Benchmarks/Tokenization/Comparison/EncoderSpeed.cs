namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>One encoder's timed passes over the same documents (after an untimed warm-up pass).</summary>
internal sealed record EncoderSpeed(string Name, IReadOnlyList<double> PassSeconds)
{
    /// <summary>The fastest pass: on a shared machine the one least disturbed by other jobs.</summary>
    public double BestSeconds => PassSeconds.Min();

    public double MedianSeconds => PassSeconds.Order().ElementAt(PassSeconds.Count / 2);
}
