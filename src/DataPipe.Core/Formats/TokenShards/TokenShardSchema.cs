using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPipe.Core.Formats.TokenShards;

/// <summary>What a token shard says about itself (schema metadata, DESIGN.md "Formats").</summary>
public sealed record TokenShardInfo(string Tokenizer, string TokenizerSha256, int VocabSize, int EosId)
{
    /// <summary>uint32 ids when the vocabulary exceeds 65,535 (DESIGN.md), else uint16.</summary>
    public bool WideTokens => VocabSize > 65_535;
}

public static class TokenShardSchema
{
    public const string FormatVersion = "1";
    public const string IdColumn = "id";
    public const string TokensColumn = "tokens";

    public const string FormatVersionKey = "datapipe.format_version";
    public const string TokenizerKey = "datapipe.tokenizer";
    public const string TokenizerSha256Key = "datapipe.tokenizer_sha256";
    public const string VocabSizeKey = "datapipe.vocab_size";
    public const string EosIdKey = "datapipe.eos_id";

    public static ListType TokensType(bool wide) =>
        new(new Field("item", wide ? UInt32Type.Default : UInt16Type.Default, nullable: false));

    public static Schema Create(TokenShardInfo info) => new Schema.Builder()
        .Field(f => f.Name(IdColumn).DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name(TokensColumn).DataType(TokensType(info.WideTokens)).Nullable(false))
        .Metadata(FormatVersionKey, FormatVersion)
        .Metadata(TokenizerKey, info.Tokenizer)
        .Metadata(TokenizerSha256Key, info.TokenizerSha256)
        .Metadata(VocabSizeKey, info.VocabSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Metadata(EosIdKey, info.EosId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Build();

    public static TokenShardInfo ReadInfo(Schema schema, string path)
    {
        string Get(string key) => schema.Metadata is not null && schema.Metadata.TryGetValue(key, out var v)
            ? v : throw new InvalidDataException($"{path}: schema metadata has no '{key}'; not a DataPipe token shard");
        if (Get(FormatVersionKey) != FormatVersion)
            throw new InvalidDataException($"{path}: token shard format version {Get(FormatVersionKey)} is not supported (expected {FormatVersion})");
        return new TokenShardInfo(Get(TokenizerKey), Get(TokenizerSha256Key),
            int.Parse(Get(VocabSizeKey), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Get(EosIdKey), System.Globalization.CultureInfo.InvariantCulture));
    }
}
