namespace DataPipe.Training.Optimization;

/// <summary>Linear warmup to <c>MaxLr</c>, then cosine decay to <c>MinLr</c> at <c>DecaySteps</c>, flat after (nanoGPT).</summary>
public sealed record LearningRateSchedule(double MaxLr, double MinLr, int WarmupSteps, int DecaySteps)
{
    /// <summary>The rate for optimizer step <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        if (step < WarmupSteps) return MaxLr * (step + 1) / WarmupSteps;
        if (step >= DecaySteps) return MinLr;
        var progress = (double)(step - WarmupSteps) / Math.Max(1, DecaySteps - WarmupSteps);
        return MinLr + 0.5 * (1.0 + Math.Cos(Math.PI * progress)) * (MaxLr - MinLr);
    }
}
