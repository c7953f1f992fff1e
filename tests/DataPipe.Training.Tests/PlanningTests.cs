using DataPipe.Training.Planning;

namespace DataPipe.Training.Tests;

public sealed class PlanningTests
{
    [Theory]
    [InlineData("70B", 70e9)]
    [InlineData("1.4T", 1.4e12)]
    [InlineData("5.76e23", 5.76e23)]
    [InlineData("125M", 125e6)]
    [InlineData("8k", 8e3)]
    [InlineData("1_000", 1000)]
    public void Parses_counts_with_suffixes(string text, double expected)
    {
        Assert.Equal(expected, SiNumber.Parse(text), expected * 1e-12);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5B")]
    [InlineData("0")]
    public void Rejects_what_is_not_a_positive_count(string text) => Assert.False(SiNumber.TryParse(text, out _));

    [Fact]
    public void The_20_tokens_per_parameter_rule_and_6ND_reproduce_Chinchilla()
    {
        Assert.Equal(1.4e12, Chinchilla.OptimalTokens(70e9), 1);
        Assert.Equal(5.88e23, Chinchilla.TrainingFlops(70e9, 1.4e12), 1e10);
        Assert.Equal(1.85e18, Chinchilla.TrainingFlops(124e6, Chinchilla.OptimalTokens(124e6)), 0.01e18);
        // C = 1e20 → N ≈ 913M, D ≈ 18B (and they multiply back to C).
        var n = Chinchilla.OptimalParameters(1e20);
        var d = Chinchilla.OptimalTokensForFlops(1e20);
        Assert.Equal(912.9e6, n, 0.1e6);
        Assert.Equal(18.26e9, d, 0.01e9);
        Assert.Equal(1e20, Chinchilla.TrainingFlops(n, d), 1e8);
        Assert.Equal(20.0, d / n, 9);
    }

    [Fact]
    public void Parametric_laws_give_the_reference_allocations()
    {
        Assert.Equal(1.345, ScalingLaw.Hoffmann.G, 3);
        Assert.Equal(0.1196, ScalingLaw.Epoch.G, 4);
        Assert.Equal(0.452, ScalingLaw.Hoffmann.ParameterExponent, 3);
        Assert.Equal(0.5126, ScalingLaw.Epoch.ParameterExponent, 4);
        // Reference table: C = 1e21 → Hoffmann 1.8B / 91B; Epoch 2.8B / 60B.
        Assert.Equal(1.8e9, ScalingLaw.Hoffmann.OptimalParameters(1e21), 0.05e9);
        Assert.Equal(91e9, ScalingLaw.Hoffmann.OptimalTokens(1e21), 1e9);
        Assert.Equal(2.8e9, ScalingLaw.Epoch.OptimalParameters(1e21), 0.05e9);
        Assert.Equal(60e9, ScalingLaw.Epoch.OptimalTokens(1e21), 1e9);
        var c = 5.88e23;
        Assert.Equal(18, ScalingLaw.Epoch.OptimalTokens(c) / ScalingLaw.Epoch.OptimalParameters(c), 0);
    }

    [Fact]
    public void Over_training_8B_on_15T_is_1875_tokens_per_parameter()
    {
        var plan = TrainingPlan.ForModel(8e9, 15e12);
        Assert.Equal(1875, plan.TokensPerParameter, 6);
        Assert.Equal(7.2e23, plan.Flops, 1e12);
        Assert.Equal(Chinchilla.OptimalParameters(7.2e23), plan.ComputeOptimalParameters, 1);
        Assert.True(plan.Laws["epoch"].Loss > plan.Laws["epoch"].ComputeOptimalLoss);
    }
}

public sealed class ScalingFitTests
{
    [Fact]
    public void Recovers_a_known_law_from_noisy_synthetic_runs()
    {
        var truth = new ScalingLaw(E: 1.8, A: 480, B: 2000, Alpha: 0.35, Beta: 0.37);
        var random = new Random(42);
        var runs = new List<ScalingRun>();
        foreach (var n in new[] { 3e7, 1e8, 3e8, 1e9, 3e9, 1e10 })
        foreach (var tokensPerParam in new[] { 2.0, 5, 10, 20, 50, 100, 300 })
        {
            var d = n * tokensPerParam;
            var noise = Math.Exp(0.002 * NextGaussian(random)); // 0.2 % multiplicative noise
            runs.Add(new ScalingRun(n, d, truth.Loss(n, d) * noise));
        }

        var fit = ScalingFit.Fit(runs);

        // Tolerances: exponents and E are well identified by this design; A and B trade off against them.
        Assert.InRange(fit.Alpha, truth.Alpha - 0.03, truth.Alpha + 0.03);
        Assert.InRange(fit.Beta, truth.Beta - 0.03, truth.Beta + 0.03);
        Assert.InRange(fit.E, truth.E - 0.05, truth.E + 0.05);
        Assert.InRange(fit.ParameterExponent, truth.ParameterExponent - 0.03, truth.ParameterExponent + 0.03);
        Assert.InRange(fit.A / truth.A, 0.5, 2.0);
        Assert.InRange(fit.B / truth.B, 0.5, 2.0);
        foreach (var run in runs) Assert.InRange(fit.Loss(run.Parameters, run.Tokens) / run.Loss, 0.99, 1.01);
    }

    [Fact]
    public void Noise_free_runs_are_fitted_almost_exactly()
    {
        var truth = ScalingLaw.Epoch;
        var runs = (from n in new[] { 5e7, 2e8, 1e9, 5e9 } from r in new[] { 4.0, 20, 80 } select new ScalingRun(n, n * r, truth.Loss(n, n * r))).ToList();
        var fit = ScalingFit.Fit(runs);
        foreach (var run in runs) Assert.Equal(run.Loss, fit.Loss(run.Parameters, run.Tokens), 3);
        Assert.InRange(fit.Alpha, truth.Alpha - 0.02, truth.Alpha + 0.02);
        Assert.InRange(fit.Beta, truth.Beta - 0.02, truth.Beta + 0.02);
    }

    [Fact]
    public void Too_few_runs_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => ScalingFit.Fit([new(1e8, 1e9, 3), new(2e8, 1e9, 2.9)]));
    }

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
