using System.Text.Json;
using DataPipe.Core.IO;

namespace DataPipe.Core.Generation;

/// <summary>
/// What one task's generate step did, counted from the request threads. Each task writes its own file
/// (<c>passes/&lt;stage&gt;/stats/pass-P-shard-NNNNN.json</c>); the finalizer adds them up, every pass included, since a
/// later pass replays the stage (from the cache).
/// </summary>
public sealed class GenerateStats
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private long _requests, _retries, _promptTokens, _completionTokens;

    public long Requests { get => _requests; set => _requests = value; }
    public long Retries { get => _retries; set => _retries = value; }
    public long CacheHits { get; set; }
    public long PromptTokens { get => _promptTokens; set => _promptTokens = value; }
    public long CompletionTokens { get => _completionTokens; set => _completionTokens = value; }
    public long CachedPromptTokens { get; set; }
    public long CachedCompletionTokens { get; set; }
    public long RejectedByServer { get; set; }
    public long DocsGenerated { get; set; }

    public void Requested() => Interlocked.Increment(ref _requests);

    public void Retried() => Interlocked.Increment(ref _retries);

    public void Answered(GenerationResponse response)
    {
        Interlocked.Add(ref _promptTokens, response.PromptTokens);
        Interlocked.Add(ref _completionTokens, response.CompletionTokens);
    }

    public void Add(GenerateStats other)
    {
        Requests += other.Requests;
        Retries += other.Retries;
        CacheHits += other.CacheHits;
        PromptTokens += other.PromptTokens;
        CompletionTokens += other.CompletionTokens;
        CachedPromptTokens += other.CachedPromptTokens;
        CachedCompletionTokens += other.CachedCompletionTokens;
        RejectedByServer += other.RejectedByServer;
        DocsGenerated += other.DocsGenerated;
    }

    public static string PathFor(string stageDirectory, int pass, int shard) =>
        Path.Combine(stageDirectory, "stats", $"pass-{pass}-shard-{shard:D5}.json");

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Every task's file under the stage's folder, added up (none yet: all zero).</summary>
    public static GenerateStats Sum(string stageDirectory)
    {
        var total = new GenerateStats();
        string folder = Path.Combine(stageDirectory, "stats");
        if (!System.IO.Directory.Exists(folder)) return total;
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            if (JsonSerializer.Deserialize<GenerateStats>(File.ReadAllText(file), Json) is { } stats) total.Add(stats);
        return total;
    }
}
