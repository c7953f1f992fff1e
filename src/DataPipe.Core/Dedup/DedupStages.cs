using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup;

public static class DedupStages
{
    public static void Register(StageCatalog catalog) => catalog
        .Add("exact_dedup", Exact.ExactDedupStage.Create)
        .Add("fuzzy_dedup", Fuzzy.FuzzyDedupStage.Create);
}
