using DataPipe.Core.Execution;

namespace DataPipe.Core.Input;

/// <summary>Opens an input shard's bytes as a forward-readable stream (a local file, a URL…).</summary>
public interface IShardSource
{
    bool CanOpen(string path);

    /// <summary>Throws <see cref="ShardUnavailableException"/> when the shard cannot be had at all (missing, 404,
    /// retries exhausted): the runner quarantines it and the build goes on without it.</summary>
    Stream Open(InputShard shard, CancellationToken cancellation);
}

/// <summary>A shard that cannot be read at all; the message says why (shown in the report and quarantine).</summary>
public sealed class ShardUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
