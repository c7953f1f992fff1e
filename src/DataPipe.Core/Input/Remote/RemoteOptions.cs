using DataPipe.Core.Config;

namespace DataPipe.Core.Input.Remote;

/// <summary>How HTTP(S) shards are fetched: the <c>remote:</c> section of a pipeline file.</summary>
public sealed record RemoteOptions
{
    /// <summary>Retries after the first attempt (5xx, 429, timeouts, resets, truncated bodies).</summary>
    public int Retries { get; init; } = 8;

    /// <summary>First backoff delay; it doubles per retry, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Limit on one whole attempt (request and body).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest wait for the next body bytes; a stalled response is cut and resumed.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Downloads in flight per host.</summary>
    public int ConcurrencyPerHost { get; init; } = 4;

    /// <summary>Circuit breaker per host: open when this share of attempts fails within the sampling window.</summary>
    public double BreakerFailureRatio { get; init; } = 0.8;
    public int BreakerMinimumThroughput { get; init; } = 20;
    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Folder that keeps downloaded shards across builds (keyed by URL); null downloads to a temp file per read.</summary>
    public string? CacheDirectory { get; init; }

    public static RemoteOptions Read(OptionsNode? node)
    {
        if (node is null) return new RemoteOptions();
        var options = new RemoteOptions
        {
            Retries = node.GetInt("retries", 8, 0, 100),
            BaseDelay = Millis(node, "base_delay_ms", 500, 0),
            MaxDelay = Millis(node, "max_delay_ms", 60_000, 0),
            AttemptTimeout = Millis(node, "attempt_timeout_ms", 30 * 60_000, 10),
            ReadTimeout = Millis(node, "read_timeout_ms", 60_000, 10),
            ConcurrencyPerHost = node.GetInt("concurrency_per_host", 4, 1, 1024),
            BreakerFailureRatio = node.GetDouble("breaker_failure_ratio", 0.8, 0.01, 1.0),
            BreakerMinimumThroughput = node.GetInt("breaker_minimum_throughput", 20, 2, 100_000),
            BreakerBreakDuration = Millis(node, "breaker_break_ms", 5_000, 500),
            CacheDirectory = node.GetString("cache") is { } cache ? Path.GetFullPath(cache) : null,
        };
        node.EnsureAllKeysKnown();
        return options;
    }

    private static TimeSpan Millis(OptionsNode node, string key, long fallback, long min) =>
        TimeSpan.FromMilliseconds(node.GetLong(key, fallback, min, 24L * 3600 * 1000));
}
