using DataPipe.Core.Execution;
using DataPipe.Core.Formats.Html;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Formats;

public sealed class ReaderContext
{
    public required InputShard Shard { get; init; }

    /// <summary>Reader counts: <c>records</c>, <c>documents</c>, <c>skipped.&lt;type&gt;</c>, <c>quarantined</c>,
    /// <c>utf8_repaired</c>, <c>charset_decoded</c>…</summary>
    public required Counters Counters { get; init; }

    public required IQuarantine Quarantine { get; init; }

    /// <summary>Largest record payload read into memory; a larger one is quarantined (and skipped without buffering).</summary>
    public long MaxRecordBytes { get; init; } = 64L << 20;

    public CancellationToken Cancellation { get; init; }

    /// <summary>How HTML payloads become text (<c>extraction: main | all</c>, <c>favor: balanced | precision | recall</c>).</summary>
    public HtmlExtractionOptions Html { get; init; } = HtmlExtractionOptions.Default;
}

/// <summary>Where unreadable records and files go, with their location and error.</summary>
public interface IQuarantine
{
    /// <param name="offset">Byte offset of the record in the (decompressed, where noted) input, or -1 when unknown.</param>
    /// <param name="sample">The record's bytes (or their start, bounded by the implementation).</param>
    void Add(string file, long offset, string error, ReadOnlySpan<byte> sample);
}
