using System.Text.Json;
using DataPipe.Core.Formats.TokenShards;

namespace DataPipe.Training.Data;

/// <summary>Reads <c>tokens/manifest.json</c> for training: what the trainer needs of it, checked, with errors as
/// <see cref="TrainingDataException"/> naming the file.</summary>
public static class TokenManifestLoader
{
    /// <param name="path">The manifest file or its folder.</param>
    public static TokenManifest Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, TokenManifest.FileName) : path;
        if (!File.Exists(file)) throw new TrainingDataException($"{file}: token manifest not found (run the tokenize stage first)");
        TokenManifest manifest;
        try
        {
            manifest = TokenManifest.Read(file);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new TrainingDataException($"{file}: not a valid token manifest: {e.Message}");
        }
        Validate(manifest, file);
        return manifest;
    }

    private static void Validate(TokenManifest manifest, string file)
    {
        if (manifest.FormatVersion != TokenShardSchema.FormatVersion)
            throw new TrainingDataException($"{file}: format_version {manifest.FormatVersion} is not supported (expected {TokenShardSchema.FormatVersion})");
        if (manifest.Dtype is not ("uint16" or "uint32")) throw new TrainingDataException($"{file}: dtype '{manifest.Dtype}' must be uint16 or uint32");
        if (manifest.VocabSize <= 0) throw new TrainingDataException($"{file}: vocab_size must be positive");
        if (manifest.EosId < 0 || manifest.EosId >= manifest.VocabSize)
            throw new TrainingDataException($"{file}: eos_id {manifest.EosId} is outside the vocabulary");
        if (manifest.Shards is null || manifest.Shards.Count == 0) throw new TrainingDataException($"{file}: the manifest lists no shards");
    }
}
