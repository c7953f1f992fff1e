using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataPipe.Core.IO;

namespace DataPipe.Core.Formats.TokenShards;

/// <summary><c>tokens/manifest.json</c>: the shards of a build and what a trainer needs to trust them.</summary>
public sealed record TokenManifest
{
    public const string FileName = "manifest.json";

    public required string FormatVersion { get; init; }
    public required string Tokenizer { get; init; }
    public required string TokenizerSha256 { get; init; }

    /// <summary>
    /// Where the tokenizer file is, relative to the build folder (the tokens folder's parent), so a reader can decode
    /// the shards wherever the build has moved: the build's own trained tokenizer, or a copy of a tokenizer given as a
    /// file. Null for a pretrained encoding, which <see cref="Tokenizer"/> names.
    /// </summary>
    public string? TokenizerPath { get; init; }
    public required int VocabSize { get; init; }
    public required int EosId { get; init; }

    /// <summary>The element type of the shards' token lists, so a reader can map them without opening one first.</summary>
    public string Dtype => VocabSize > 65_535 ? "uint32" : "uint16";

    public required long Rows { get; init; }
    public required long Tokens { get; init; }
    public required IReadOnlyList<TokenManifestShard> Shards { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());

    public static TokenManifest Read(string path) =>
        JsonSerializer.Deserialize<TokenManifest>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path}: empty manifest");

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>One shard: its file name relative to the manifest, counts and content hash.</summary>
public sealed record TokenManifestShard
{
    public required string File { get; init; }
    public required long Rows { get; init; }
    public required long Tokens { get; init; }
    public required long Bytes { get; init; }
    public required string Sha256 { get; init; }
}
