using System.Text.Json;
using System.Text.Json.Serialization;
using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.IO;
using DataPipe.Training.Data;
using DataPipe.Training.Model;

namespace DataPipe.Training.Inference;

/// <summary>
/// <c>model.json</c> in a training run's folder: what it takes to rebuild the model from a checkpoint and to turn text
/// into its ids and back — the shape, and the tokenizer the token build used (an encoding name, or a file path
/// resolved when the run started).
/// </summary>
public sealed record ModelCard(
    [property: JsonPropertyName("vocab_size")] int VocabSize,
    [property: JsonPropertyName("context_length")] int ContextLength,
    [property: JsonPropertyName("layers")] int Layers,
    [property: JsonPropertyName("heads")] int Heads,
    [property: JsonPropertyName("dim")] int Dim,
    [property: JsonPropertyName("eos_id")] int EosId,
    [property: JsonPropertyName("tokenizer")] string Tokenizer,
    [property: JsonPropertyName("tokenizer_sha256")] string TokenizerSha256)
{
    public const string FileName = "model.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public GptConfig ToConfig() => new(VocabSize, ContextLength, Layers, Heads, Dim);

    /// <summary>The card of a run on <paramref name="tokensDirectory"/>: a tokenizer file the manifest records
    /// (<c>tokenizer_path</c>, relative to the build folder that holds <c>tokens/</c>) is made absolute; an encoding
    /// name stays a name.</summary>
    public static ModelCard For(GptConfig config, TokenManifest manifest, string tokensDirectory)
    {
        string tokenizer = manifest.TokenizerPath is { } relative
            ? Path.GetFullPath(Path.Combine(tokensDirectory, "..", relative))
            : manifest.Tokenizer;
        return new ModelCard(config.VocabSize, config.ContextLength, config.Layers, config.Heads, config.Dim, manifest.EosId, tokenizer, manifest.TokenizerSha256);
    }

    public void Write(string runDirectory) => AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    public static ModelCard Read(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new TrainingDataException($"{path} not found: --model must be the --out folder of a `datapipe train` run");
        try
        {
            return JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(path), Json) ?? throw new TrainingDataException($"{path}: empty model card");
        }
        catch (JsonException e)
        {
            throw new TrainingDataException($"{path}: not a model card ({e.Message})");
        }
    }
}
