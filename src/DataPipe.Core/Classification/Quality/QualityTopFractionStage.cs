using DataPipe.Core.Classification.FastText;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Documents;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Classification.Quality;

/// <summary>
/// <c>quality_classifier</c> with <c>keep_top_fraction</c> (DCLM keeps the best 10 %): a global stage. Sign scores
/// every document and spills (position, score) per shard; the <c>cut</c> phase ranks all scores (ties by source
/// position) and records the last document kept; apply keeps what ranks at or above it, reading each document's
/// score back from its shard's spill rather than predicting twice.
/// </summary>
public sealed class QualityTopFractionStage : IGlobalStage, IDeclaresDropReasons
{
    public QualityTopFractionStage(string name, FastTextModel model, int label, double fraction)
    {
        Name = name;
        Model = model;
        Label = label;
        Fraction = fraction;
        ResolvePhases = [new QualityCutPhase(this)];
    }

    public string Name { get; }
    internal FastTextModel Model { get; }
    internal int Label { get; }
    public double Fraction { get; }
    public IReadOnlyList<IResolvePhase> ResolvePhases { get; }
    public IReadOnlyList<string> DropReasons { get; } = [QualityClassifierStage.DropReason];

    internal static string ScoreFile(string stageDirectory, int shard) => Path.Combine(stageDirectory, "scores", $"shard-{shard:D5}.bin");

    internal static string CutFile(string stageDirectory) => Path.Combine(stageDirectory, "cut.bin");

    public IDocumentStep OpenSigner(StepContext context) =>
        new Signer(new QualityScorer(Model, Label), ScoreFile(context.StageDirectory(Name), context.Shard.Index));

    public IDocumentStep OpenApplier(StepContext context)
    {
        string directory = context.StageDirectory(Name);
        var scores = RecordFile.Read<ScoreRecord>(ScoreFile(directory, context.Shard.Index));
        Array.Sort(scores);
        var cut = RecordFile.Read<ScoreRecord>(CutFile(directory));
        return new Applier(scores, cut.Length == 0 ? null : cut[0]);
    }

    private sealed class Signer(QualityScorer scorer, string path) : IDocumentStep
    {
        private readonly List<ScoreRecord> _scores = [];

        public StepResult Process(Document document, TextView text)
        {
            _scores.Add(new ScoreRecord(document.Position.Pack(), scorer.Score(document.Text)));
            return StepResult.Keep(document);
        }

        public void Complete() => RecordFile.Write<ScoreRecord>(path, _scores.ToArray());

        public void Dispose() => scorer.Dispose();
    }

    /// <param name="last">The lowest-ranked document kept; null keeps nothing.</param>
    private sealed class Applier(ScoreRecord[] scores, ScoreRecord? last) : IDocumentStep
    {
        public StepResult Process(Document document, TextView text)
        {
            int i = Array.BinarySearch(scores, new ScoreRecord(document.Position.Pack(), 0));
            if (i < 0) throw new InvalidOperationException($"document {document.Id} at {document.Position} was never scored (the sign pass saw other documents)");
            var record = scores[i];
            if (last is null || ScoreRecord.ByRank(record, last.Value) > 0) return StepResult.Drop(QualityClassifierStage.DropReason);
            return StepResult.Keep(QualityClassifierStage.WithScore(document, record.Score));
        }

        public void Complete() { }

        public void Dispose() { }
    }
}
