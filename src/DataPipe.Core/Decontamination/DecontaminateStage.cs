using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Decontamination;

/// <summary>
/// <c>decontaminate</c>: removes training documents that hold n-grams of the user's evaluation sets (GPT-3, NeMo
/// Curator). Against a fixed index it is a document stage; with <c>ignore_frequent</c> the n-grams common in the
/// corpus must be counted first, so <see cref="Create"/> returns the global <see cref="FrequencyAwareDecontaminateStage"/>.
/// </summary>
public sealed class DecontaminateStage(string name, DecontaminationOptions options, EvalIndex index)
    : IDocumentStage, IBuildFinalizer, IDeclaresDropReasons
{
    public static readonly IReadOnlyList<string> Reasons =
        [DecontaminationStep.Contaminated, DecontaminationStep.TooManyCuts, DecontaminationStep.TooShortAfterCut];

    public string Name { get; } = name;
    public DecontaminationOptions Options { get; } = options;
    public EvalIndex Index { get; } = index;
    public IReadOnlyList<string> DropReasons => Reasons;

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        var options = DecontaminationConfig.Read(o);
        var index = DecontaminationConfig.BuildIndex(o, options);
        return options.IgnoreFrequent > 0
            ? new FrequencyAwareDecontaminateStage(context.StageName, options, index)
            : new DecontaminateStage(context.StageName, options, index);
    }

    public IDocumentStep Open(StepContext context) =>
        new DecontaminationStep(Index, Options, context.Counters, ShardMatches.PathFor(context.StageDirectory(Name), context.Shard.Index));

    public void Finalize(FinalizeContext context) => DecontaminationReport.Write(context, Name, Index, Options);
}
