using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Classification.Quality;

/// <summary>
/// One task: ranks every document's score and writes the last one kept (ceil(fraction × documents) of them).
/// Memory: 16 bytes per document of the corpus.
/// </summary>
internal sealed class QualityCutPhase(QualityTopFractionStage stage) : IResolvePhase
{
    public string Name => "cut";

    public int TaskCount(int shardCount) => 1;

    public void Run(ResolveContext context)
    {
        string directory = context.Layout.StageDirectory(stage.Name);
        var all = RecordFile.ReadAll<ScoreRecord>(context.Shards.Select(s => QualityTopFractionStage.ScoreFile(directory, s.Index)));
        Array.Sort(all, ScoreRecord.ByRank);
        long keep = Math.Min(all.Length, (long)Math.Ceiling(stage.Fraction * all.Length - 1e-9));
        context.Counters.Add("documents_scored", all.Length);
        context.Counters.Add("documents_kept", keep);
        RecordFile.Write<ScoreRecord>(QualityTopFractionStage.CutFile(directory), keep == 0 ? [] : [all[keep - 1]]);
    }
}
