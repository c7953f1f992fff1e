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

        var nodes = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().Order().ToArray();
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

        var drops = new List<DropRecord>[context.ShardCount];
        var sizes = new int[nodes.Length];
        var example = new int[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            int root = Find(parent, i);
            if (sizes[root]++ == 0) example[root] = -1;
            if (root == i) continue;
            if (example[root] < 0) example[root] = i;
            int shard = SourcePosition.Unpack(nodes[i]).Shard;
            (drops[shard] ??= []).Add(new DropRecord(nodes[i], nodes[root], best[i].Partner, best[i].Similarity));
        }

        var groups = new List<GroupRecord>();
        for (int i = 0; i < nodes.Length; i++)
            if (parent[i] == i && sizes[i] > 1)
            {
                int e = example[i];
                groups.Add(new GroupRecord(nodes[i], nodes[e], sizes[i], best[e].Partner == nodes[i] ? best[e].Similarity : double.NaN));
            }

        for (int s = 0; s < drops.Length; s++)
            RecordFile.Write<DropRecord>(paths.ShardDrops(s), drops[s] is { } list ? [.. list] : []);
        RecordFile.Write<GroupRecord>(paths.Groups(0), [.. groups]);
        context.Counters.Add("pairs", pairs.Length);
        context.Counters.Add("clusters", groups.Count);
        context.Counters.Add("dropped", nodes.Length - groups.Count);
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
