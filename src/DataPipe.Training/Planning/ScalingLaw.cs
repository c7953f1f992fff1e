using System.Text.Json.Serialization;

namespace DataPipe.Training.Planning;

/// <summary>
/// The Chinchilla parametric loss L(N, D) = E + A/N^α + B/D^β and its compute-optimal allocation under
/// C = 6ND: N_opt = G·(C/6)^a, D_opt = (C/6)^b / G with a = β/(α+β), b = α/(α+β), G = (αA/(βB))^(1/(α+β)).
/// </summary>
public sealed record ScalingLaw(
    [property: JsonPropertyName("E")] double E,
    [property: JsonPropertyName("A")] double A,
    [property: JsonPropertyName("B")] double B,
    [property: JsonPropertyName("alpha")] double Alpha,
    [property: JsonPropertyName("beta")] double Beta)
{
    /// <summary>Hoffmann et al. 2022, Approach 3 (App. D.2).</summary>
    public static readonly ScalingLaw Hoffmann = new(1.69, 406.4, 410.7, 0.34, 0.28);

    /// <summary>Besiroglu et al. 2024 (Epoch AI) replication, Table 1.</summary>
    public static readonly ScalingLaw Epoch = new(1.8172, 482.01, 2085.43, 0.3478, 0.3658);

    [JsonPropertyName("a")] public double ParameterExponent => Beta / (Alpha + Beta);
    [JsonPropertyName("b")] public double TokenExponent => Alpha / (Alpha + Beta);
    [JsonPropertyName("G")] public double G => Math.Pow(Alpha * A / (Beta * B), 1.0 / (Alpha + Beta));

    public double Loss(double parameters, double tokens) => E + A / Math.Pow(parameters, Alpha) + B / Math.Pow(tokens, Beta);

    public double OptimalParameters(double flops) => G * Math.Pow(flops / Chinchilla.FlopsPerParameterToken, ParameterExponent);

    public double OptimalTokens(double flops) => Math.Pow(flops / Chinchilla.FlopsPerParameterToken, TokenExponent) / G;

    public override string ToString() =>
        FormattableString.Invariant($"L(N, D) = {E:G4} + {A:G4}/N^{Alpha:G4} + {B:G4}/D^{Beta:G4}");
}
