using System.Text.Json.Serialization;

namespace DataPipe.Training.Planning;

/// <summary>
/// Sardana et al., <i>Beyond Chinchilla-Optimal: Accounting for Inference in Language Model Scaling Laws</i> (2024):
/// among the (N, D) that reach the same predicted loss L(N, D) = E + A/N^α + B/D^β, the one that minimises training
/// plus lifetime inference FLOPs, 6·N·D + 2·N·T for T tokens served. With T = 0 it is the compute-optimal point; as T
/// grows the optimum moves to a smaller model trained on more tokens.
/// </summary>
public sealed record InferenceAwarePlan(
    [property: JsonPropertyName("law")] string Law,
    [property: JsonPropertyName("target_loss")] double TargetLoss,
    [property: JsonPropertyName("inference_tokens")] double InferenceTokens,
    [property: JsonPropertyName("params")] double Parameters,
    [property: JsonPropertyName("tokens")] double Tokens,
    [property: JsonPropertyName("tokens_per_param")] double TokensPerParameter,
    [property: JsonPropertyName("training_flops")] double TrainingFlops,
    [property: JsonPropertyName("inference_flops")] double InferenceFlops,
    [property: JsonPropertyName("total_flops")] double TotalFlops,
    [property: JsonPropertyName("compute_optimal_params")] double ComputeOptimalParameters,
    [property: JsonPropertyName("compute_optimal_tokens")] double ComputeOptimalTokens,
    [property: JsonPropertyName("compute_optimal_training_flops")] double ComputeOptimalTrainingFlops,
    [property: JsonPropertyName("compute_optimal_total_flops")] double ComputeOptimalTotalFlops,
    [property: JsonPropertyName("saved_flops")] double SavedFlops,
    [property: JsonPropertyName("saved_fraction")] double SavedFraction)
{
    /// <summary>FLOPs of one forward pass per token and parameter (the 2N of inference).</summary>
    public const double InferenceFlopsPerParameterToken = 2.0;

    /// <summary>The cheapest (N, D) over training and <paramref name="inferenceTokens"/> of inference that reaches <paramref name="targetLoss"/>.</summary>
    public static InferenceAwarePlan ForLoss(string lawName, ScalingLaw law, double targetLoss, double inferenceTokens)
    {
        if (!(targetLoss > law.E))
            throw new ArgumentException(FormattableString.Invariant(
                $"--target-loss {targetLoss:G6} is not above the law's irreducible loss E = {law.E:G6}: no model reaches it"));
        if (!(inferenceTokens >= 0) || !double.IsFinite(inferenceTokens))
            throw new ArgumentException("--inference-tokens must be a finite count of 0 or more");

        var (n0, d0) = Optimum(law, targetLoss, 0);
        var (n, d) = Optimum(law, targetLoss, inferenceTokens);
        double Cost(double p, double t) => Chinchilla.TrainingFlops(p, t) + InferenceFlopsPerParameterToken * p * inferenceTokens;
        double total = Cost(n, d), baseline = Cost(n0, d0);
        return new InferenceAwarePlan(lawName, targetLoss, inferenceTokens,
            n, d, d / n, Chinchilla.TrainingFlops(n, d), InferenceFlopsPerParameterToken * n * inferenceTokens, total,
            n0, d0, Chinchilla.TrainingFlops(n0, d0), baseline, baseline - total, (baseline - total) / baseline);
    }

    /// <summary>The law's compute-optimal model of size N (αA/N^α = βB/D^β) sets the loss to plan for.</summary>
    public static InferenceAwarePlan ForParameters(string lawName, ScalingLaw law, double parameters, double inferenceTokens)
    {
        double reducible = law.A / Math.Pow(parameters, law.Alpha);
        double tokens = Math.Pow(law.Beta * law.B / (law.Alpha * reducible), 1.0 / law.Beta);
        return ForLoss(lawName, law, law.Loss(parameters, tokens), inferenceTokens);
    }

    /// <summary>The law's compute-optimal model for a training budget sets the loss to plan for.</summary>
    public static InferenceAwarePlan ForFlops(string lawName, ScalingLaw law, double flops, double inferenceTokens) =>
        ForLoss(lawName, law, law.Loss(law.OptimalParameters(flops), law.OptimalTokens(flops)), inferenceTokens);

    /// <summary>
    /// On the iso-loss curve write u = A/N^α and g = B/D^β, so u + g = L − E. The derivative of 6ND + 2NT along the
    /// curve vanishes where 6D·(α·u/(β·g) − 1) = 2T; its left side grows monotonically as g shrinks (N shrinks, D grows),
    /// so the root is unique and bisection on log g finds it. T = 0 gives α·u = β·g, Chinchilla's optimum.
    /// </summary>
    private static (double Parameters, double Tokens) Optimum(ScalingLaw law, double targetLoss, double inferenceTokens)
    {
        double reducible = targetLoss - law.E;
        double gChinchilla = law.Alpha * reducible / (law.Alpha + law.Beta);
        double Excess(double g)
        {
            double u = reducible - g;
            return Chinchilla.FlopsPerParameterToken * TokensAt(law, g) * (law.Alpha * u / (law.Beta * g) - 1)
                   - InferenceFlopsPerParameterToken * inferenceTokens;
        }

        double hi = Math.Log(gChinchilla), lo = hi;
        if (inferenceTokens > 0)
        {
            do lo -= 1; while (Excess(Math.Exp(lo)) < 0 && lo > hi - 700);
            for (int i = 0; i < 200; i++)
            {
                double mid = 0.5 * (lo + hi);
                if (Excess(Math.Exp(mid)) < 0) hi = mid; else lo = mid;
            }
        }
        double gBest = Math.Exp(0.5 * (lo + hi));
        return (Math.Pow(law.A / (reducible - gBest), 1.0 / law.Alpha), TokensAt(law, gBest));
    }

    private static double TokensAt(ScalingLaw law, double g) => Math.Pow(law.B / g, 1.0 / law.Beta);
}
