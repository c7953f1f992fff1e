using DataPipe.Core.Dedup;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Decontamination;

/// <summary>Sign half of <c>ignore_frequent</c>: one (eval n-gram, document) record per distinct eval n-gram a document holds.</summary>
internal sealed class NGramCountSigner : IDocumentStep
{
    private readonly ContaminationMatcher _matcher;
    private readonly int _partitions;
    private readonly PartitionedSpill<BandRecord> _spill;
    private readonly Counters _counters;
    private readonly HashSet<ulong> _seenInDocument = [];

    public NGramCountSigner(EvalIndex index, WordNormalization normalization, int partitions, Func<int, string> pathOf, Counters counters)
    {
        _matcher = new ContaminationMatcher(index, normalization);
        _partitions = partitions;
        _counters = counters;
        _spill = new PartitionedSpill<BandRecord>(partitions, pathOf);
    }

    public StepResult Process(Document document, TextView text)
    {
        var hits = _matcher.Find(document.Text);
        if (hits.Count == 0) return StepResult.Keep(document);
        _seenInDocument.Clear();
        ulong position = document.Position.Pack();
        foreach (var hit in hits)
            if (_seenInDocument.Add(hit.Hash))
                _spill.Add(DedupPartitioning.Of(hit.Hash, _partitions), new BandRecord(hit.Hash, position));
        return StepResult.Keep(document);
    }

    public void Complete()
    {
        _spill.Commit();
        _counters.Add("eval_ngram_occurrences", _spill.Records);
    }

    public void Dispose() => _spill.Dispose();
}
