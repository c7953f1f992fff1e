using DataPipe.Training.Optimization;
using DataPipe.Training.Stability;

namespace DataPipe.Training.Tests;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Warms_up_linearly_then_decays_on_a_cosine_to_the_floor()
    {
        var schedule = new LearningRateSchedule(MaxLr: 1e-3, MinLr: 1e-4, WarmupSteps: 10, DecaySteps: 110);
        Assert.Equal(1e-4, schedule.At(0), 12);
        Assert.Equal(5e-4, schedule.At(4), 12);
        Assert.Equal(1e-3, schedule.At(9), 12);
        Assert.Equal(1e-3, schedule.At(10), 12);
        Assert.Equal(1e-4 + 0.5 * 9e-4, schedule.At(60), 12); // halfway through the cosine
        Assert.Equal(1e-4 + 0.5 * (1 + Math.Cos(Math.PI * 0.25)) * 9e-4, schedule.At(35), 12);
        Assert.Equal(1e-4, schedule.At(110), 12);
        Assert.Equal(1e-4, schedule.At(500), 12);
    }
}

public sealed class SpikeGuardTests
{
    [Fact]
    public void Flags_non_finite_values_always_and_spikes_only_after_enough_history()
    {
        var guard = new SpikeGuard(factor: 3, window: 4, minHistory: 3);
        Assert.Equal(SpikeKind.NonFiniteLoss, guard.Check(double.NaN, 1));
        Assert.Equal(SpikeKind.NonFiniteGradient, guard.Check(2, double.PositiveInfinity));
        Assert.Equal(SpikeKind.None, guard.Check(100, 1)); // no history yet
        guard.Accept(2);
        guard.Accept(2.2);
        guard.Accept(1.8);
        Assert.Equal(2.0, guard.Median());
        Assert.Equal(SpikeKind.None, guard.Check(5.9, 1));
        Assert.Equal(SpikeKind.LossSpike, guard.Check(6.1, 1));
    }

    [Fact]
    public void Keeps_only_the_last_window_of_losses()
    {
        var guard = new SpikeGuard(3, window: 3, minHistory: 1);
        foreach (var loss in new[] { 10.0, 9, 1, 1, 1 }) guard.Accept(loss);
        Assert.Equal(new[] { 1.0, 1, 1 }, guard.Recent);
        Assert.Equal(SpikeKind.LossSpike, guard.Check(3.5, 1));
    }
}
