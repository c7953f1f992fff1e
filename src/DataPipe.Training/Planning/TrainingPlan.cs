using System.Text.Json.Serialization;

namespace DataPipe.Training.Planning;

/// <summary>What one parametric law says about a (N, D) plan and about the compute-optimal model of the same FLOPs.</summary>
public sealed record LawView(
    [property: JsonPropertyName("law")] string Law,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("compute_optimal_params")] double ComputeOptimalParameters,
    [property: JsonPropertyName("compute_optimal_tokens")] double ComputeOptimalTokens,
    [property: JsonPropertyName("compute_optimal_loss")] double ComputeOptimalLoss);

/// <summary>
/// A model size N trained on D tokens, seen through the 20-tokens-per-parameter rule and the Chinchilla
/// parametric laws (the paper's and Epoch AI's): its FLOPs, its predicted loss, and the compute-optimal
/// model for the same FLOPs, which shows what over- or under-training costs.
/// </summary>
public sealed record TrainingPlan(
    [property: JsonPropertyName("params")] double Parameters,
    [property: JsonPropertyName("tokens")] double Tokens,
    [property: JsonPropertyName("flops")] double Flops,
    [property: JsonPropertyName("tokens_per_param")] double TokensPerParameter,
    [property: JsonPropertyName("compute_optimal_params")] double ComputeOptimalParameters,
    [property: JsonPropertyName("compute_optimal_tokens")] double ComputeOptimalTokens,
    [property: JsonPropertyName("laws")] IReadOnlyDictionary<string, LawView> Laws)
{
    public static readonly IReadOnlyDictionary<string, ScalingLaw> KnownLaws = new Dictionary<string, ScalingLaw>
    {
        ["hoffmann"] = ScalingLaw.Hoffmann,
        ["epoch"] = ScalingLaw.Epoch,
    };

    public static TrainingPlan ForModel(double parameters, double tokens)
    {
        var flops = Chinchilla.TrainingFlops(parameters, tokens);
        var laws = KnownLaws.ToDictionary(k => k.Key, k =>
        {
            var law = k.Value;
            double n = law.OptimalParameters(flops), d = law.OptimalTokens(flops);
            return new LawView(law.ToString(), law.Loss(parameters, tokens), n, d, law.Loss(n, d));
        });
        return new TrainingPlan(parameters, tokens, flops, tokens / parameters,
            Chinchilla.OptimalParameters(flops), Chinchilla.OptimalTokensForFlops(flops), laws);
    }

    /// <summary>N parameters trained compute-optimally (D = 20·N).</summary>
    public static TrainingPlan ForParameters(double parameters) => ForModel(parameters, Chinchilla.OptimalTokens(parameters));

    /// <summary>The 20:1 model for a FLOP budget.</summary>
    public static TrainingPlan ForFlops(double flops) => ForModel(Chinchilla.OptimalParameters(flops), Chinchilla.OptimalTokensForFlops(flops));

    /// <summary>The 20:1 model for a token budget (e.g. a corpus used once).</summary>
    public static TrainingPlan ForTokens(double tokens) => ForModel(Chinchilla.OptimalParametersForTokens(tokens), tokens);
}
