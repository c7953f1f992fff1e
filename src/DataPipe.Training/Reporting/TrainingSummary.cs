using System.Text.Json.Serialization;
using DataPipe.Training.Planning;

namespace DataPipe.Training.Reporting;

/// <summary>summary.json: the run measured against Chinchilla's 20 tokens per parameter and C ≈ 6ND.</summary>
public sealed record TrainingSummary(
    [property: JsonPropertyName("parameters")] long Parameters,
    [property: JsonPropertyName("tokens_seen")] long TokensSeen,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("final_train_loss")] double FinalTrainLoss,
    [property: JsonPropertyName("final_val_loss")] double? FinalValLoss,
    [property: JsonPropertyName("ln_vocab")] double LnVocab,
    [property: JsonPropertyName("rollbacks")] int Rollbacks,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("precision")] string Precision)
{
    /// <summary>Full path of the token manifest the run read: links the run to its token build (TrainingRunLinks).</summary>
    [JsonPropertyName(DataPipe.Core.Reporting.TrainingRunLinks.ManifestKey)] public string? TokensManifest { get; init; }

    [JsonPropertyName("tokens_per_parameter")] public double TokensPerParameter => (double)TokensSeen / Parameters;
    [JsonPropertyName("chinchilla_tokens_per_parameter")] public double ChinchillaTokensPerParameter => Chinchilla.TokensPerParameter;
    [JsonPropertyName("chinchilla_optimal_tokens")] public double ChinchillaOptimalTokens => Chinchilla.TokensPerParameter * Parameters;
    [JsonPropertyName("training_flops")] public double TrainingFlops => Chinchilla.TrainingFlops(Parameters, TokensSeen);
}
