using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPipe.Core.Decontamination;

/// <summary>A matching document kept as evidence: which item it matched and the text around the match.</summary>
public sealed record MatchSample(
    [property: JsonPropertyName("eval_set")] string EvalSet,
    [property: JsonPropertyName("item")] int Item,
    [property: JsonPropertyName("item_text")] string ItemText,
    [property: JsonPropertyName("covers_answer")] bool CoversAnswer,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("doc_id")] string DocumentId,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("context")] string Context);

/// <summary>What one shard's documents matched, per eval set.</summary>
public sealed class SetMatches
{
    [JsonPropertyName("docs_dropped")] public long DocsDropped { get; set; }
    [JsonPropertyName("docs_cut")] public long DocsCut { get; set; }
    [JsonPropertyName("hits_answer")] public long HitsAnswer { get; set; }
    [JsonPropertyName("hits_stem_only")] public long HitsStemOnly { get; set; }
    [JsonPropertyName("items")] public SortedSet<int> Items { get; set; } = [];
    [JsonPropertyName("samples")] public List<MatchSample> Samples { get; set; } = [];
}

/// <summary>One task's matches, written beside the stage's other intermediates and merged by finalize in shard order.</summary>
public sealed class ShardMatches
{
    [JsonPropertyName("sets")] public List<SetMatches> Sets { get; set; } = [];

    public static ShardMatches Empty(int sets) => new() { Sets = Enumerable.Range(0, sets).Select(_ => new SetMatches()).ToList() };

    public static string PathFor(string stageDirectory, int shard) => Path.Combine(stageDirectory, "matches", $"shard-{shard:D5}.json");

    public void Write(string path) => IO.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this));

    public static ShardMatches? Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<ShardMatches>(File.ReadAllText(path)) : null;
}
