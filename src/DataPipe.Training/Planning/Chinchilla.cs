namespace DataPipe.Training.Planning;

/// <summary>
/// Hoffmann et al. 2022's rules of thumb: training compute C ≈ 6·N·D FLOPs, and a compute-optimal model sees
/// about 20 tokens per parameter, so N = √(C/120) and D = √(10·C/3).
/// </summary>
public static class Chinchilla
{
    public const double TokensPerParameter = 20.0;
    public const double FlopsPerParameterToken = 6.0;

    public static double TrainingFlops(double parameters, double tokens) => FlopsPerParameterToken * parameters * tokens;

    public static double OptimalTokens(double parameters) => TokensPerParameter * parameters;

    public static double OptimalParametersForTokens(double tokens) => tokens / TokensPerParameter;

    public static double OptimalParameters(double flops) => Math.Sqrt(flops / (FlopsPerParameterToken * TokensPerParameter));

    public static double OptimalTokensForFlops(double flops) => Math.Sqrt(flops * TokensPerParameter / FlopsPerParameterToken);
}
