using DataPipe.Core.Execution;

namespace DataPipe.Core.Input;

public sealed class LocalFileSource : IShardSource
{
    public bool CanOpen(string path) => !Uri.TryCreate(path, UriKind.Absolute, out var uri) || uri.IsFile;

    public Stream Open(InputShard shard, CancellationToken cancellation)
    {
        try
        {
            return new FileStream(shard.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new ShardUnavailableException($"cannot open input: {e.Message}", e);
        }
    }
}
