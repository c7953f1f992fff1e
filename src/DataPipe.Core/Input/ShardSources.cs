using DataPipe.Core.Config;
using DataPipe.Core.Input.Remote;

namespace DataPipe.Core.Input;

/// <summary>The sources a build can read shards from, tried in order (the local file system last).</summary>
public sealed class ShardSources(IReadOnlyList<IShardSource> sources)
{
    public static ShardSources Default { get; } = new([new HttpShardSource(new RemoteOptions()), new LocalFileSource()]);

    /// <summary>The sources for one build, with its <c>remote:</c> options.</summary>
    public static ShardSources For(PipelineDefinition pipeline) => new([new HttpShardSource(pipeline.Remote), new LocalFileSource()]);

    public IShardSource For(string path) =>
        sources.FirstOrDefault(s => s.CanOpen(path)) ?? throw new ShardUnavailableException($"no source can read '{path}'");
}
