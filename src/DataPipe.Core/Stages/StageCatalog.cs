using DataPipe.Core.Config;

namespace DataPipe.Core.Stages;

/// <summary>What a stage factory may know while it reads its options.</summary>
public sealed class StageBuildContext
{
    public required string PipelineFile { get; init; }
    public required long Seed { get; init; }

    /// <summary>The stage's name in this pipeline (its <c>name:</c>, else its type).</summary>
    public required string StageName { get; init; }

    /// <summary>Folder for indexes that outlive one build (cross-build dedup).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The stages before this one, in pipeline order (a stage may use what an earlier one makes).</summary>
    public IReadOnlyList<IStage> EarlierStages { get; init; } = [];
}

/// <summary>Maps the <c>type:</c> of a stage in a pipeline file to the code that builds it from its options.</summary>
public sealed class StageCatalog
{
    private readonly SortedDictionary<string, Func<OptionsNode, StageBuildContext, IStage>> _factories = new(StringComparer.Ordinal);

    public IEnumerable<string> Types => _factories.Keys;

    /// <param name="factory">Reads its options from the node (unread keys are reported as unknown afterwards) and builds the stage.</param>
    public StageCatalog Add(string type, Func<OptionsNode, StageBuildContext, IStage> factory)
    {
        if (!_factories.TryAdd(type, factory)) throw new InvalidOperationException($"stage type '{type}' registered twice");
        return this;
    }

    public bool TryGet(string type, out Func<OptionsNode, StageBuildContext, IStage> factory) =>
        _factories.TryGetValue(type, out factory!);

    /// <summary>Every stage the project ships. Each concern registers its own stages here.</summary>
    public static StageCatalog CreateDefault()
    {
        var catalog = new StageCatalog();
        Output.OutputStages.Register(catalog);
        Dedup.DedupStages.Register(catalog);
        Tokenization.Stages.TokenizeStage.Register(catalog);
        Tokenization.Stages.TrainTokenizerStage.Register(catalog);
        Filters.FilterStages.Register(catalog);
        Pii.PiiStages.Register(catalog);
        catalog.Add("decontaminate", Decontamination.DecontaminateStage.Create);
        Classification.LanguageIdStage.Register(catalog);
        Generation.GenerateStage.Register(catalog);
        Classification.Quality.QualityClassifierStage.Register(catalog);
        return catalog;
    }
}
