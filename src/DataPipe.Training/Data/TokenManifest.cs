using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPipe.Training.Data;

/// <summary>One entry of <c>tokens/manifest.json</c>'s shard list.</summary>
public sealed record TokenShardEntry(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("tokens")] long Tokens,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary><c>tokens/manifest.json</c> as the tokenizer stage writes it (snake_case JSON).</summary>
public sealed record TokenManifest(
    // The pipeline writes the version as the string it also puts into each shard's Arrow metadata (which only holds
    // strings); hand-made manifests often use a number. Both mean the same.
    [property: JsonPropertyName("format_version"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int FormatVersion,
    [property: JsonPropertyName("tokenizer")] string Tokenizer,
    [property: JsonPropertyName("tokenizer_sha256")] string TokenizerSha256,
    [property: JsonPropertyName("vocab_size")] int VocabSize,
    [property: JsonPropertyName("eos_id")] int EosId,
    [property: JsonPropertyName("dtype")] string Dtype,
    [property: JsonPropertyName("shards")] IReadOnlyList<TokenShardEntry> Shards,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("tokens")] long Tokens,
    // Relative to the build folder; null for a pretrained encoding (absent in manifests written before it existed).
    [property: JsonPropertyName("tokenizer_path")] string? TokenizerPath = null)
{
    public const string FileName = "manifest.json";

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Reads and validates a manifest; <paramref name="path"/> may be the file or its folder.</summary>
    public static TokenManifest Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file)) throw new TrainingDataException($"{file}: token manifest not found (run the tokenize stage first)");
        TokenManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<TokenManifest>(File.ReadAllText(file), Json);
        }
        catch (JsonException e)
        {
            throw new TrainingDataException($"{file}: not a valid token manifest: {e.Message}");
        }
        if (manifest is null) throw new TrainingDataException($"{file}: empty token manifest");
        manifest.Validate(file);
        return manifest;
    }

    private void Validate(string file)
    {
        if (FormatVersion != 1) throw new TrainingDataException($"{file}: format_version {FormatVersion} is not supported (expected 1)");
        if (Dtype is not ("uint16" or "uint32")) throw new TrainingDataException($"{file}: dtype '{Dtype}' must be uint16 or uint32");
        if (VocabSize <= 0) throw new TrainingDataException($"{file}: vocab_size must be positive");
        if (EosId < 0 || EosId >= VocabSize) throw new TrainingDataException($"{file}: eos_id {EosId} is outside the vocabulary");
        if (Shards is null || Shards.Count == 0) throw new TrainingDataException($"{file}: the manifest lists no shards");
    }
}
