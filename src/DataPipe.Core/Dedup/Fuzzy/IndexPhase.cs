using System.Runtime.InteropServices;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.IO;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>
/// Incremental builds only, one task per band-key partition (the same partitions as <c>buckets</c>, so a distributed
/// executor needs nothing special): the partition's next index keys are the live generation's plus the band keys of
/// this build's keepers (signed documents the cluster phase did not drop). Task p also copies the ids and sketches of
/// the keepers of shards s ≡ p (mod tasks) into the next document store. Everything goes under <c>passes/</c>;
/// only finalize publishes it, so a build that dies in or before this phase leaves the index untouched.
/// </summary>
internal sealed class IndexPhase(FuzzyDedupStage stage) : IResolvePhase
{
    public string Name => "index";

    public int TaskCount(int shardCount) => stage.PartitionCount(shardCount);

    public void Run(ResolveContext context)
    {
        var index = stage.Index!;
        var paths = stage.Paths(context.Layout.StageDirectory(stage.Name));
        int p = context.Rank;
        long build = index.NextBuild;
        if (p == 0) AtomicFile.WriteAllText(paths.NextBuild, build + "\n");

        // The drop lists hold duplicates only, far fewer than the corpus; every task needs all of them because a
        // partition's band keys come from every shard.
        var dropped = RecordFile.ReadAll<DropRecord>(context.Shards.Select(s => paths.ShardDrops(s.Index))).Select(d => d.Position).ToArray();
        Array.Sort(dropped);

        var records = RecordFile.ReadAll<BandRecord>(context.Shards.Select(s => paths.SignFile(p, s.Index)));
        var earlier = index.Load<FuzzyIndexKey>(p, context.TaskCount, static k => k.Key);
        var next = new List<FuzzyIndexKey>(earlier.Length + records.Length);
        next.AddRange(earlier);
        foreach (var r in records)
            if (Array.BinarySearch(dropped, r.Position) < 0) next.Add(new FuzzyIndexKey(r.Key, build, r.Position));
        next.Sort();
        RecordFile.Write<FuzzyIndexKey>(paths.NextState(p), CollectionsMarshal.AsSpan(next));
        context.Counters.Add("index_keys", next.Count);

        var documents = new DedupPaths(paths.NextDocuments);
        bool sketches = stage.Options.Verify != VerifyMethod.None;
        foreach (var shard in context.Shards)
        {
            if (shard.Index % context.TaskCount != p) continue;
            using var ids = new BlobReader(paths.Ids(shard.Index));
            using var sketchReader = sketches ? new BlobReader(paths.Sketches(shard.Index)) : null;
            using var idsOut = new BlobWriter(documents.Ids(shard.Index));
            using var sketchesOut = sketches ? new BlobWriter(documents.Sketches(shard.Index)) : null;
            foreach (long ordinal in ids.Ordinals)
            {
                ulong position = new Documents.SourcePosition(shard.Index, ordinal).Pack();
                if (Array.BinarySearch(dropped, position) >= 0) continue;
                idsOut.Add(ordinal, ids.Get(ordinal)!);
                if (sketchesOut is not null)
                    sketchesOut.Add(ordinal, sketchReader!.Get(ordinal) ?? throw new InvalidDataException($"no sketch for document {shard.Index}:{ordinal}"));
                context.Counters.Add("index_documents");
            }
            idsOut.Commit();
            sketchesOut?.Commit();
        }
    }
}
