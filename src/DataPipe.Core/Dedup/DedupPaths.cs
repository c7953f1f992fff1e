namespace DataPipe.Core.Dedup;

/// <summary>Every intermediate file of one dedup stage, under its work folder <c>passes/&lt;stage&gt;/</c>.</summary>
internal sealed class DedupPaths(string stageDirectory)
{
    public string Root { get; } = stageDirectory;

    public string SignFile(int partition, int shard) => Path.Combine(Root, "sign", $"part-{partition:D5}", $"shard-{shard:D5}.bin");
    public string Ids(int shard) => Path.Combine(Root, "ids", $"shard-{shard:D5}");
    public string Previews(int shard) => Path.Combine(Root, "previews", $"shard-{shard:D5}");
    public string Sketches(int shard) => Path.Combine(Root, "sketches", $"shard-{shard:D5}");
    public string PartitionDrops(int partition, int shard) => Path.Combine(Root, "drops", $"part-{partition:D5}", $"shard-{shard:D5}.bin");
    public string ShardDrops(int shard) => Path.Combine(Root, "drops", $"shard-{shard:D5}.bin");
    public string Pairs(int partition) => Path.Combine(Root, "pairs", $"part-{partition:D5}.bin");
    public string Groups(int partition) => Path.Combine(Root, "groups", $"part-{partition:D5}.bin");
    public string EarlierMatches(int partition) => Path.Combine(Root, "earlier", $"part-{partition:D5}.bin");
    public string ShardEarlier(int shard) => Path.Combine(Root, "earlier", $"shard-{shard:D5}.bin");
    public string NextBuild => Path.Combine(Root, "state-next", "build.txt");
    public string NextDocuments => Path.Combine(Root, "state-next", "docs");
    public string NextState(int partition) => Path.Combine(Root, "state-next", $"part-{partition:D5}.bin");
}
