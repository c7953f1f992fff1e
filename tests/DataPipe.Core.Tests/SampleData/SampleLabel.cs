using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPipe.Core.Tests.SampleData;

public sealed record PiiSpan(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("text")] string Text);

/// <summary>One line of <c>sample-data/shards/labels.jsonl</c> (schema in docs/sample-data.md).</summary>
public sealed record SampleLabel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("shard")] string Shard,
    [property: JsonPropertyName("ordinal")] int Ordinal,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("duplicate_of")] string? DuplicateOf,
    [property: JsonPropertyName("jaccard")] double? Jaccard,
    [property: JsonPropertyName("low_quality")] string? LowQuality,
    [property: JsonPropertyName("pii")] IReadOnlyList<PiiSpan> Pii,
    [property: JsonPropertyName("pii_negatives")] IReadOnlyList<PiiSpan> PiiNegatives)
{
    public static IReadOnlyList<SampleLabel> ReadAll(string path) =>
        File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<SampleLabel>(line) ?? throw new InvalidDataException($"{path}: null label"))
            .ToList();
}
