using DataPipe.Core.Dedup;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Decontamination;

/// <summary>
/// <c>decontaminate</c> with <c>ignore_frequent: N</c>. Sign writes (eval n-gram, document) for every eval n-gram a
/// document holds; <c>counts</c> (one task per hash partition) finds the n-grams held by more than N documents;
/// apply matches against the index without them. The count is global, so the result is the same for any worker count.
/// </summary>
public sealed class FrequencyAwareDecontaminateStage : IGlobalStage, IBuildFinalizer, IDeclaresDropReasons
{
    private readonly object _applyIndexLock = new();
    private EvalIndex? _applyIndex;

    public FrequencyAwareDecontaminateStage(string name, DecontaminationOptions options, EvalIndex index)
    {
        Name = name;
        Options = options;
        Index = index;
        ResolvePhases = [new FrequentNGramPhase(this)];
    }

    public string Name { get; }
    public DecontaminationOptions Options { get; }
    public EvalIndex Index { get; }
    public IReadOnlyList<IResolvePhase> ResolvePhases { get; }
    public IReadOnlyList<string> DropReasons => DecontaminateStage.Reasons;

    internal string SignFile(string stageDirectory, int partition, int shard) =>
        Path.Combine(stageDirectory, "sign", $"part-{partition:D5}", $"shard-{shard:D5}.bin");

    internal string FrequentFile(string stageDirectory, int partition) =>
        Path.Combine(stageDirectory, "frequent", $"part-{partition:D5}.bin");

    public IDocumentStep OpenSigner(StepContext context)
    {
        string directory = context.StageDirectory(Name);
        int partitions = DedupPartitioning.Count(null, context.ShardCount);
        return new NGramCountSigner(Index, Options.Normalization, partitions, p => SignFile(directory, p, context.Shard.Index), context.Counters);
    }

    public IDocumentStep OpenApplier(StepContext context)
    {
        string directory = context.StageDirectory(Name);
        var index = ApplyIndex(directory, DedupPartitioning.Count(null, context.ShardCount));
        return new DecontaminationStep(index, Options, context.Counters, ShardMatches.PathFor(directory, context.Shard.Index));
    }

    /// <summary>Every shard of a build sees the same frequent set: it is loaded once per process, on first use.</summary>
    private EvalIndex ApplyIndex(string directory, int partitions)
    {
        lock (_applyIndexLock)
        {
            if (_applyIndex is not null) return _applyIndex;
            var frequent = new HashSet<ulong>();
            for (int p = 0; p < partitions; p++)
                foreach (ulong hash in RecordFile.Read<ulong>(FrequentFile(directory, p))) frequent.Add(hash);
            return _applyIndex = Index.Without(frequent);
        }
    }

    public void Finalize(FinalizeContext context) => DecontaminationReport.Write(context, Name, Index, Options);
}
