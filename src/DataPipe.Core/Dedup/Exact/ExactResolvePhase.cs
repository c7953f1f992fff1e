using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Documents;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Exact;

/// <summary>
/// One task per hash partition: sort the partition's records by (hash, position) and scan equal-hash runs. The
/// first of a run is the keeper unless an earlier build already kept that hash; every other member is dropped.
/// </summary>
internal sealed class ExactResolvePhase(ExactDedupStage stage) : IResolvePhase
{
    public string Name => "hashes";

    public int TaskCount(int shardCount) => DedupPartitioning.Count(stage.Partitions, shardCount);

    public void Run(ResolveContext context)
    {
        var paths = stage.Paths(context.Layout.StageDirectory(stage.Name));
        int p = context.Rank;
        var records = RecordFile.ReadAll<HashRecord>(context.Shards.Select(s => paths.SignFile(p, s.Index)));
        Array.Sort(records);
        var earlier = stage.Index?.Load(p, context.TaskCount) ?? [];
        var drops = new List<DropRecord>[context.ShardCount];
        var groups = new List<GroupRecord>();
        var kept = new List<HashKey>();

        for (int start = 0; start < records.Length;)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            int end = start + 1;
            while (end < records.Length && records[end].SameHash(records[start])) end++;
            var key = new HashKey(records[start].Hi, records[start].Lo);
            bool seenBefore = Array.BinarySearch(earlier, key) >= 0;
            ulong keeper = seenBefore ? DropRecord.NoKeeper : records[start].Position;
            if (!seenBefore) kept.Add(key);
            for (int i = seenBefore ? start : start + 1; i < end; i++)
            {
                ulong position = records[i].Position;
                int shard = SourcePosition.Unpack(position).Shard;
                (drops[shard] ??= []).Add(new DropRecord(position, keeper, keeper == DropRecord.NoKeeper ? 0 : keeper, 1.0));
            }
            if (seenBefore) context.Counters.Add("dropped_seen_in_earlier_build", end - start);
            else if (end - start > 1)
            {
                context.Counters.Add("duplicate_groups");
                context.Counters.Add("dropped_duplicates", end - start - 1);
                groups.Add(new GroupRecord(keeper, records[start + 1].Position, end - start, 1.0));
            }
            start = end;
        }
        context.Counters.Add("hashes", records.Length);

        for (int s = 0; s < drops.Length; s++)
            if (drops[s] is { } list)
            {
                list.Sort();
                RecordFile.Write<DropRecord>(paths.PartitionDrops(p, s), list.ToArray());
            }
        RecordFile.Write<GroupRecord>(paths.Groups(p), groups.ToArray());
        if (stage.Index is not null) RecordFile.Write<HashKey>(paths.NextState(p), Merge(earlier, kept));
    }

    private static HashKey[] Merge(HashKey[] earlier, List<HashKey> kept)
    {
        var all = new HashKey[earlier.Length + kept.Count];
        earlier.CopyTo(all, 0);
        kept.CopyTo(all, earlier.Length);
        Array.Sort(all);
        return all;
    }
}
