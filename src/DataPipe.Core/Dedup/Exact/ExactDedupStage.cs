using DataPipe.Core.Config;
using DataPipe.Core.Dedup.Normalization;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Dedup.State;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Exact;

/// <summary>
/// Drops documents whose normalized text equals an earlier one's (smallest source position wins). Sign writes
/// (128-bit hash, position) into hash-prefix partitions; resolve sorts and scans each partition; apply drops.
/// </summary>
public sealed class ExactDedupStage : IGlobalStage, IBuildFinalizer, IDeclaresDropReasons
{
    public const string Duplicate = "duplicate";
    public const string SeenInEarlierBuild = "seen_in_earlier_build";

    private ExactDedupStage(string name, ExactNormalization normalization, int? partitions, DedupIndex? index)
    {
        Name = name;
        Normalization = normalization;
        Partitions = partitions;
        Index = index;
        ResolvePhases = [new ExactResolvePhase(this)];
    }

    public string Name { get; }
    public ExactNormalization Normalization { get; }
    public int? Partitions { get; }

    /// <summary>The cross-build index, or null when the stage is not incremental.</summary>
    public DedupIndex? Index { get; }

    public IReadOnlyList<IResolvePhase> ResolvePhases { get; }
    public IReadOnlyList<string> DropReasons => [Duplicate, SeenInEarlierBuild];

    public static IStage Create(OptionsNode options, StageBuildContext context)
    {
        var normalization = new ExactNormalization(
            options.GetBool("nfc", true), options.GetBool("case_fold", true), options.GetBool("collapse_whitespace", true));
        int? partitions = options.Has("partitions") ? options.GetInt("partitions", 1, 1, 65536) : null;
        var index = options.GetBool("incremental", false) ? new DedupIndex(Path.Combine(context.StateDirectory, context.StageName)) : null;
        return new ExactDedupStage(context.StageName, normalization, partitions, index);
    }

    internal DedupPaths Paths(string stageDirectory) => new(stageDirectory);

    public IDocumentStep OpenSigner(StepContext context)
    {
        var paths = Paths(context.StageDirectory(Name));
        int partitions = DedupPartitioning.Count(Partitions, context.ShardCount);
        return new ExactSigner(Normalization, partitions, context.Shard.Index, paths, context.Counters);
    }

    public IDocumentStep OpenApplier(StepContext context)
    {
        var paths = Paths(context.StageDirectory(Name));
        int partitions = DedupPartitioning.Count(Partitions, context.ShardCount);
        return DropApplier.Load(Enumerable.Range(0, partitions).Select(p => paths.PartitionDrops(p, context.Shard.Index)), Duplicate, SeenInEarlierBuild);
    }

    public void Finalize(FinalizeContext context)
    {
        var paths = Paths(context.Layout.StageDirectory(Name));
        int partitions = DedupPartitioning.Count(Partitions, context.Shards.Count);
        var report = DedupAudit.Write(context, Name, paths,
            shard => Enumerable.Range(0, partitions).Select(p => paths.PartitionDrops(p, shard)),
            Enumerable.Range(0, partitions).Select(paths.Groups));
        if (Index is not null)
            report["index_generation"] = Index.Publish(Enumerable.Range(0, partitions).Select(paths.NextState).ToList());
        context.ReportSections[$"dedup.{Name}"] = report;
    }
}
