namespace DataPipe.Core.Input;

/// <summary>The sources a build can read shards from, tried in order (the local file system last).</summary>
public sealed class ShardSources(IReadOnlyList<IShardSource> sources)
{
    public static ShardSources Default { get; } = new([new LocalFileSource()]);

    public IShardSource For(string path) =>
        sources.FirstOrDefault(s => s.CanOpen(path)) ?? throw new ShardUnavailableException($"no source can read '{path}'");
}
