namespace DataPipe.Core.Dedup;

/// <summary>
/// How many hash partitions a stage uses. A resolve task holds one partition in memory, so the count bounds peak
/// memory; when the pipeline does not fix it, it grows with the input (one per shard, up to 256).
/// Sign and resolve derive it from the same shard count, so they always agree.
/// </summary>
internal static class DedupPartitioning
{
    public static int Count(int? configured, int shardCount) => configured ?? Math.Clamp(shardCount, 1, 256);

    public static int Of(ulong key, int partitions) => (int)((key >> 1) % (ulong)partitions);
}
