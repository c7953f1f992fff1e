using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Documents;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup;

/// <summary>Drops the documents resolve named for this shard. Holds one shard's drop list, sorted by position.</summary>
internal sealed class DropApplier(DropRecord[] drops, string reason, string earlierBuildReason) : IDocumentStep
{
    public static DropApplier Load(IEnumerable<string> files, string reason, string earlierBuildReason)
    {
        var drops = RecordFile.ReadAll<DropRecord>(files);
        Array.Sort(drops);
        return new DropApplier(drops, reason, earlierBuildReason);
    }

    public StepResult Process(Document document, TextView text)
    {
        int i = Array.BinarySearch(drops, new DropRecord(document.Position.Pack(), 0, 0, 0));
        if (i < 0) return StepResult.Keep(document);
        return StepResult.Drop(drops[i].Keeper == DropRecord.NoKeeper ? earlierBuildReason : reason);
    }

    public void Complete() { }

    public void Dispose() { }
}
