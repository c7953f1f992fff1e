namespace DataPipe.Core.Input.Remote;

/// <summary>A response worth retrying (5xx, 429, 408); <see cref="RetryAfter"/> is the server's own hint.</summary>
public sealed class TransientHttpException(int status, TimeSpan? retryAfter, string url)
    : IOException($"HTTP {status} from {url}")
{
    public int Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>A body that ended early, stalled, or failed its integrity check; the bytes so far say whether it can resume.</summary>
public sealed class IncompleteBodyException(string message, bool keepPartial) : IOException(message)
{
    /// <summary>False when the bytes already on disk are suspect (e.g. a bad gzip stream) and the next attempt must restart.</summary>
    public bool KeepPartial { get; } = keepPartial;
}
