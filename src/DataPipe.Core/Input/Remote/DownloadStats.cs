namespace DataPipe.Core.Input.Remote;

/// <summary>What the remote source did, for logs, tests and benchmarks (thread-safe counts).</summary>
public sealed class DownloadStats
{
    private long _attempts, _retries, _resumes, _restarts, _cacheHits, _bytes, _breakerOpenings;

    public long Attempts => Interlocked.Read(ref _attempts);
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Attempts that continued a partial body with a Range request the server honoured.</summary>
    public long Resumes => Interlocked.Read(ref _resumes);

    /// <summary>Attempts that threw away a partial body (no validator, server ignored the range, or bad bytes).</summary>
    public long Restarts => Interlocked.Read(ref _restarts);
    public long CacheHits => Interlocked.Read(ref _cacheHits);
    public long BytesDownloaded => Interlocked.Read(ref _bytes);

    /// <summary>Times a host's circuit breaker opened (too many failures in its window).</summary>
    public long BreakerOpenings => Interlocked.Read(ref _breakerOpenings);

    internal void BreakerOpened() => Interlocked.Increment(ref _breakerOpenings);
    internal void Attempt() => Interlocked.Increment(ref _attempts);
    internal void Retry() => Interlocked.Increment(ref _retries);
    internal void Resume() => Interlocked.Increment(ref _resumes);
    internal void Restart() => Interlocked.Increment(ref _restarts);
    internal void CacheHit() => Interlocked.Increment(ref _cacheHits);
    internal void Downloaded(long bytes) => Interlocked.Add(ref _bytes, bytes);
}
