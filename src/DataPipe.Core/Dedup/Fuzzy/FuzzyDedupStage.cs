using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>
/// MinHash-LSH near-duplicate removal. Sign writes band keys into partitions; <c>buckets</c> (one task per
/// partition) turns bucket collisions into candidate pairs and verifies them; <c>clusters</c> (one task) joins
/// verified pairs with union-find and keeps the smallest source position of each cluster; apply drops the rest.
/// </summary>
public sealed class FuzzyDedupStage : IGlobalStage, IBuildFinalizer, IDeclaresDropReasons
{
    public const string NearDuplicate = "near_duplicate";

    private FuzzyDedupStage(string name, FuzzyOptions options, int? partitions, long seed)
    {
        Name = name;
        Options = options;
        Partitions = partitions;
        Hasher = new MinHasher(options.Bands, options.Rows, seed);
        ResolvePhases = [new BucketPhase(this), new ClusterPhase(this)];
    }

    public string Name { get; }
    public FuzzyOptions Options { get; }
    public int? Partitions { get; }
    public MinHasher Hasher { get; }
    public IReadOnlyList<IResolvePhase> ResolvePhases { get; }
    public IReadOnlyList<string> DropReasons => [NearDuplicate];

    public static IStage Create(OptionsNode options, StageBuildContext context)
    {
        var fuzzy = new FuzzyOptions
        {
            NGram = options.GetInt("ngram", 5, 1, 64),
            Bands = options.GetInt("bands", 14, 1, 1024),
            Rows = options.GetInt("rows", 8, 1, 64),
            Verify = options.GetChoice("verify", "sketch", "sketch", "signature", "none") switch
            {
                "signature" => VerifyMethod.Signature,
                "none" => VerifyMethod.None,
                _ => VerifyMethod.Sketch,
            },
            Threshold = options.GetDouble("threshold", 0.8, 0, 1),
            SketchSize = options.GetInt("sketch_size", 4096, 0, 1 << 20),
        };
        int? partitions = options.Has("partitions") ? options.GetInt("partitions", 1, 1, 65536) : null;
        long seed = options.GetLong("seed", 1, 0);
        return new FuzzyDedupStage(context.StageName, fuzzy, partitions, seed);
    }

    internal DedupPaths Paths(string stageDirectory) => new(stageDirectory);

    internal int PartitionCount(int shardCount) => DedupPartitioning.Count(Partitions, shardCount);

    public IDocumentStep OpenSigner(StepContext context) =>
        new FuzzySigner(Options, Hasher, PartitionCount(context.ShardCount), context.Shard.Index, Paths(context.StageDirectory(Name)), context.Counters);

    public IDocumentStep OpenApplier(StepContext context) =>
        DropApplier.Load([Paths(context.StageDirectory(Name)).ShardDrops(context.Shard.Index)], NearDuplicate, NearDuplicate);

    public void Finalize(FinalizeContext context)
    {
        var paths = Paths(context.Layout.StageDirectory(Name));
        var report = DedupAudit.Write(context, Name, paths, shard => [paths.ShardDrops(shard)], [paths.Groups(0)]);
        report["verify"] = Options.Verify.ToString().ToLowerInvariant();
        report["threshold"] = Options.Threshold;
        context.ReportSections[$"dedup.{Name}"] = report;
    }
}
