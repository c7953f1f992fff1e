using System.Text;
using DataPipe.Core.Dedup.Normalization;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Exact;

/// <summary>Sign half of exact dedup for one shard: (hash, position) into its partition, id into the id store.</summary>
internal sealed class ExactSigner : IDocumentStep
{
    private readonly ExactNormalization _normalization;
    private readonly int _partitions;
    private readonly PartitionedSpill<HashRecord> _spill;
    private readonly BlobWriter _ids;
    private readonly BlobWriter _previews;
    private readonly Counters _counters;
    private byte[] _previewBytes = new byte[1024];

    public ExactSigner(ExactNormalization normalization, int partitions, int shard, DedupPaths paths, Counters counters)
    {
        _normalization = normalization;
        _partitions = partitions;
        _counters = counters;
        _spill = new PartitionedSpill<HashRecord>(partitions, p => paths.SignFile(p, shard));
        _ids = new BlobWriter(paths.Ids(shard));
        _previews = new BlobWriter(paths.Previews(shard));
    }

    public StepResult Process(Document document, TextView text)
    {
        var hash = ExactTextHasher.Hash(document.Text, _normalization);
        ulong hi = (ulong)(hash >> 64), lo = (ulong)hash;
        _spill.Add(DedupPartitioning.Of(hi, _partitions), new HashRecord(hi, lo, document.Position.Pack()));
        _ids.Add(document.Position.Ordinal, document.Id);
        _previews.Add(document.Position.Ordinal, DocumentPreview.Encode(document, ref _previewBytes));
        return StepResult.Keep(document);
    }


    public void Complete()
    {
        _spill.Commit();
        _ids.Commit();
        _previews.Commit();
        _counters.Add("signed", _spill.Records);
    }

    public void Dispose()
    {
        _spill.Dispose();
        _ids.Dispose();
        _previews.Dispose();
    }
}
