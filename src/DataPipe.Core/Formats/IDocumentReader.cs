using DataPipe.Core.Documents;

namespace DataPipe.Core.Formats;

/// <summary>A streaming source of documents from one input shard. Never loads the shard whole.</summary>
public interface IDocumentReader
{
    /// <summary>
    /// Reads documents in file order. Damaged records are reported to <see cref="ReaderContext.Quarantine"/> and
    /// counted, and reading goes on with the next good record; only an unreadable file as a whole ends the sequence early
    /// (also quarantined). Ordinals in the yielded positions rise in file order and are unique in the file, not dense:
    /// JSONL numbers a document by its line's index in the file (blank and bad lines count), Parquet by its row's index,
    /// so a task reading one range of a split file (<see cref="Execution.InputShard.IsRange"/>) gives every document
    /// the ordinal, and the generated id, the whole file's reader would; WARC and WET by their record's index among
    /// the file's record starts (warcinfo, request, skipped and quarantined records count).
    /// </summary>
    IEnumerable<Document> Read(Stream input, ReaderContext context);
}
