using DataPipe.Training.Planning;

namespace DataPipe.Training.Tests;

public sealed class InferencePlanningTests
{
    [Fact]
    public void With_no_inference_the_plan_is_the_compute_optimal_point_of_the_law()
    {
        var law = ScalingLaw.Hoffmann;
        var plan = InferenceAwarePlan.ForFlops("hoffmann", law, 1e21, 0);
        Assert.Equal(law.OptimalParameters(1e21), plan.Parameters, law.OptimalParameters(1e21) * 1e-9);
        Assert.Equal(law.OptimalTokens(1e21), plan.Tokens, law.OptimalTokens(1e21) * 1e-9);
        Assert.Equal(1e21, plan.TrainingFlops, 1e21 * 1e-9);
        Assert.Equal(0, plan.SavedFlops, 1e9);
        Assert.Equal(plan.Parameters, plan.ComputeOptimalParameters);
    }

    [Fact]
    public void A_hand_computed_case_lies_on_the_iso_loss_curve_where_the_cost_is_stationary()
    {
        // L = E + A/N^α + B/D^β with α = β = 0.5, A = B = 1, E = 0, target 0.02: T = 0 gives u = g = 0.01, so
        // N = D = 10^4 (C = 6e8). Serving T tokens: the optimum satisfies 6D(u/g − 1) = 2T on u + g = 0.02.
        var law = new ScalingLaw(0, 1, 1, 0.5, 0.5);
        var chinchilla = InferenceAwarePlan.ForLoss("toy", law, 0.02, 0);
        Assert.Equal(1e4, chinchilla.Parameters, 1e-6);
        Assert.Equal(1e4, chinchilla.Tokens, 1e-6);

        // Pick the answer, derive T: g = 0.008 → D = 1/g² = 15625, u = 0.012 → N = 1/u² = 6944.44…, T = 3D(u/g − 1) = 23437.5.
        var plan = InferenceAwarePlan.ForLoss("toy", law, 0.02, 23437.5);
        Assert.Equal(15625, plan.Tokens, 1e-6);
        Assert.Equal(1 / (0.012 * 0.012), plan.Parameters, 1e-6);
        Assert.Equal(0.02, law.Loss(plan.Parameters, plan.Tokens), 12);
    }

    [Fact]
    public void More_inference_moves_the_optimum_to_smaller_models_and_more_tokens_and_never_costs_more()
    {
        var law = ScalingLaw.Hoffmann;
        var previous = InferenceAwarePlan.ForParameters("hoffmann", law, 7e9, 0);
        foreach (double t in new[] { 1e9, 1e11, 1e12, 1e13, 1e14, 1e15 })
        {
            var plan = InferenceAwarePlan.ForParameters("hoffmann", law, 7e9, t);
            Assert.True(plan.Parameters < previous.Parameters, $"N did not shrink at T = {t:G3}");
            Assert.True(plan.Tokens > previous.Tokens, $"D did not grow at T = {t:G3}");
            Assert.True(plan.TotalFlops <= plan.ComputeOptimalTotalFlops * (1 + 1e-12), $"cost grew at T = {t:G3}");
            Assert.Equal(plan.TargetLoss, law.Loss(plan.Parameters, plan.Tokens), 9);

            // No other point of the same loss is cheaper: probe N on both sides.
            foreach (double factor in new[] { 0.9, 1.1 })
            {
                double n = plan.Parameters * factor;
                double d = Math.Pow(law.B / (plan.TargetLoss - law.E - law.A / Math.Pow(n, law.Alpha)), 1 / law.Beta);
                Assert.True(6 * n * d + 2 * n * t >= plan.TotalFlops, $"N × {factor} is cheaper at T = {t:G3}");
            }
            previous = plan;
        }
    }

    [Fact]
    public void A_loss_at_or_below_the_irreducible_term_is_refused()
    {
        Assert.Throws<ArgumentException>(() => InferenceAwarePlan.ForLoss("hoffmann", ScalingLaw.Hoffmann, 1.69, 1e12));
    }
}
