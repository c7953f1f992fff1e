using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataPipe.Core.IO;

namespace DataPipe.Core.Formats.TokenShards;

/// <summary><c>tokens/manifest.json</c>: the shards of a build and what a trainer needs to trust them. The one model
/// of the file: the tokenize stage writes it, the trainer, <c>inspect</c> and <c>plan</c> read it.</summary>
public sealed record TokenManifest
{
    public const string FileName = "manifest.json";

    /// <summary>Written as the string each shard's Arrow metadata also holds (metadata only holds strings); a
    /// hand-made manifest's number reads as the same version.</summary>
    [JsonConverter(typeof(VersionText))]
    public required string FormatVersion { get; init; }

    public required string Tokenizer { get; init; }
    public required string TokenizerSha256 { get; init; }

    /// <summary>
    /// Where the tokenizer file is, relative to the build folder (the tokens folder's parent), so a reader can decode
    /// the shards wherever the build has moved: the build's own trained tokenizer, or a copy of a tokenizer given as a
    /// file. Null for a pretrained encoding, which <see cref="Tokenizer"/> names (absent in older manifests).
    /// </summary>
    public string? TokenizerPath { get; init; }
    public required int VocabSize { get; init; }
    public required int EosId { get; init; }

    /// <summary>The element type of the shards' token lists, so a reader can map them without opening one first:
    /// what the file says, else what the writer chooses for <see cref="VocabSize"/>.</summary>
    public string Dtype
    {
        get => field ?? DtypeFor(VocabSize);
        init;
    }

    public required long Rows { get; init; }
    public required long Tokens { get; init; }
    public required IReadOnlyList<TokenManifestShard> Shards { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>uint32 ids when the vocabulary exceeds 65,535 (as <see cref="TokenShardInfo.WideTokens"/>), else uint16.</summary>
    public static string DtypeFor(int vocabSize) => vocabSize > 65_535 ? "uint32" : "uint16";

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <exception cref="JsonException">The file is not a manifest (a required field is missing or mistyped).</exception>
    public static TokenManifest Read(string path) =>
        JsonSerializer.Deserialize<TokenManifest>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path}: empty manifest");

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed class VersionText : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)
                : reader.GetString() ?? throw new JsonException("format_version is null");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

/// <summary>One shard: its file name relative to the manifest, counts and content hash.</summary>
public sealed record TokenManifestShard
{
    public required string File { get; init; }
    public required long Rows { get; init; }
    public required long Tokens { get; init; }

    /// <summary>The file's size; 0 in a hand-made manifest that leaves it out.</summary>
    public long Bytes { get; init; }
    public required string Sha256 { get; init; }
}
