using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Documents;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>
/// The one global step: union-find over every verified pair of every partition. Each cluster keeps its smallest
/// source position; every other member is dropped, recorded with its best-matching partner and their similarity.
/// Holds the verified pairs (duplicates only), not the corpus.
/// </summary>
internal sealed class ClusterPhase(FuzzyDedupStage stage) : IResolvePhase
{
    public string Name => "clusters";

    public int TaskCount(int shardCount) => 1;

    public void Run(ResolveContext context)
    {
        var paths = stage.Paths(context.Layout.StageDirectory(stage.Name));
        int partitions = stage.PartitionCount(context.ShardCount);
        var pairs = RecordFile.ReadAll<PairRecord>(Enumerable.Range(0, partitions).Select(paths.Pairs));
        Array.Sort(pairs);

        var earlier = stage.Index is null ? [] : RecordFile.ReadAll<EarlierMatch>(Enumerable.Range(0, partitions).Select(paths.EarlierMatches));
        Array.Sort(earlier);

        var nodes = pairs.SelectMany(p => new[] { p.A, p.B }).Concat(earlier.Select(e => e.Position)).Distinct().Order().ToArray();
        var parent = new int[nodes.Length];
        for (int i = 0; i < parent.Length; i++) parent[i] = i;
        var best = new (ulong Partner, double Similarity)[nodes.Length];
        foreach (var pair in pairs)
        {
            int a = Array.BinarySearch(nodes, pair.A), b = Array.BinarySearch(nodes, pair.B);
            Union(parent, a, b);
            Offer(best, a, pair.B, pair.Similarity);
            Offer(best, b, pair.A, pair.Similarity);
        }

        // Each node's best earlier-build match (sorted input: ties keep the smallest build, then position), and per
        // cluster the best of its members'. An earlier keeper precedes everything in this build, so a cluster that
        // reaches one keeps none of its members, exactly as if the earlier document were in the cluster.
        var own = new int[nodes.Length];
        Array.Fill(own, -1);
        for (int k = 0; k < earlier.Length; k++)
        {
            int i = Array.BinarySearch(nodes, earlier[k].Position);
            if (own[i] < 0 || earlier[k].Similarity > earlier[own[i]].Similarity) own[i] = k;
        }
        var clusterEarlier = new int[nodes.Length];
        Array.Fill(clusterEarlier, -1);
        for (int i = 0; i < nodes.Length; i++)
        {
            int root = Find(parent, i);
            if (own[i] >= 0 && (clusterEarlier[root] < 0 || earlier[own[i]].Similarity > earlier[clusterEarlier[root]].Similarity))
                clusterEarlier[root] = own[i];
        }

        var drops = new List<DropRecord>[context.ShardCount];
        var earlierDrops = new List<EarlierMatch>[context.ShardCount];
        long dropped = 0, seenBefore = 0;
        var sizes = new int[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            int root = Find(parent, i);
            sizes[root]++;
            if (clusterEarlier[root] >= 0)
            {
                // Named with its own match when it has one, else with the match that pulled its cluster in.
                var match = earlier[own[i] >= 0 ? own[i] : clusterEarlier[root]];
                int s = SourcePosition.Unpack(nodes[i]).Shard;
                (drops[s] ??= []).Add(new DropRecord(nodes[i], DropRecord.NoKeeper, DropRecord.NoKeeper, match.Similarity));
                (earlierDrops[s] ??= []).Add(match with { Position = nodes[i] });
                dropped++;
                seenBefore++;
                continue;
            }
            if (root == i) continue;
            dropped++;
            int shard = SourcePosition.Unpack(nodes[i]).Shard;
            (drops[shard] ??= []).Add(new DropRecord(nodes[i], nodes[root], best[i].Partner, best[i].Similarity));
        }

        var groups = new List<GroupRecord>();
        for (int i = 0; i < nodes.Length; i++)
            if (parent[i] == i && sizes[i] > 1 && clusterEarlier[i] < 0)
            {
                // The example is the keeper's own best match: a keeper is in at least one verified pair, so the
                // example pair is always one that was measured. (A member further down a chain A≈B≈C may never
                // have been compared with the keeper at all.)
                groups.Add(new GroupRecord(nodes[i], best[i].Partner, sizes[i], best[i].Similarity));
            }

        for (int s = 0; s < drops.Length; s++)
            RecordFile.Write<DropRecord>(paths.ShardDrops(s), drops[s] is { } list ? [.. list] : []);
        if (stage.Index is not null)
            for (int s = 0; s < earlierDrops.Length; s++)
                RecordFile.Write<EarlierMatch>(paths.ShardEarlier(s), earlierDrops[s] is { } list ? [.. list] : []);
        RecordFile.Write<GroupRecord>(paths.Groups(0), [.. groups]);
        context.Counters.Add("pairs", pairs.Length);
        context.Counters.Add("clusters", groups.Count);
        context.Counters.Add("dropped", dropped);
        if (stage.Index is not null) context.Counters.Add("dropped_seen_in_earlier_build", seenBefore);
        context.Counters.Add("largest_cluster", groups.Count == 0 ? 0 : groups.Max(g => g.Size));
    }

    private static void Offer((ulong Partner, double Similarity)[] best, int node, ulong partner, double similarity)
    {
        // Pairs arrive sorted, so on ties the smallest partner stays: deterministic.
        if (best[node].Partner == 0 && best[node].Similarity == 0 || similarity > best[node].Similarity) best[node] = (partner, similarity);
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /// <summary>The root is always the smaller index, i.e. the smallest source position of the cluster.</summary>
    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra == rb) return;
        if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
    }
}
