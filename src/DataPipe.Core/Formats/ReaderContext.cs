using DataPipe.Core.Execution;
using DataPipe.Core.Formats.Html;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Formats;

/// <summary>What a reader needs from its run: the shard, counters, where bad records go, and the reading options.</summary>
public sealed class ReaderContext
{
    public required InputShard Shard { get; init; }

    /// <summary>Reader counts, named by <see cref="ReaderCounters"/>.</summary>
    public required Counters Counters { get; init; }

    public required IQuarantine Quarantine { get; init; }

    /// <summary>Largest record payload read into memory; a larger one is quarantined (and skipped without buffering).</summary>
    public long MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    public const long DefaultMaxRecordBytes = 64L << 20;

    /// <summary>What becomes of a record cut off by the end of its file (a clipped download).</summary>
    public TruncatedRecords TruncatedRecords { get; init; } = TruncatedRecords.Keep;

    public CancellationToken Cancellation { get; init; }

    /// <summary>Counts a record that did not become a document and sends it to quarantine with its location.</summary>
    public void QuarantineRecord(long offset, string error, ReadOnlySpan<byte> sample)
    {
        Counters.Add(ReaderCounters.Quarantined);
        Quarantine.Add(Shard.Path, offset, error, sample);
    }

    /// <summary>Counts a document handed on by the reader.</summary>
    public void Emitted() => Counters.Add(ReaderCounters.Documents);

    /// <summary>How HTML payloads become text (<c>extraction: main | all</c>, <c>favor: balanced | precision | recall</c>).</summary>
    public HtmlExtractionOptions Html { get; init; } = HtmlExtractionOptions.Default;
}

/// <summary>The <c>truncated_records</c> pipeline option.</summary>
public enum TruncatedRecords
{
    /// <summary>Keep what arrived (at least the HTTP headers and some body), marked <c>truncated: true</c> in metadata.</summary>
    Keep,

    /// <summary>Quarantine the cut record whole.</summary>
    Quarantine,
}

/// <summary>Where unreadable records and files go, with their location and error.</summary>
public interface IQuarantine
{
    /// <param name="offset">Byte offset of the record in the (decompressed, where noted) input, or -1 when unknown.</param>
    /// <param name="sample">The record's bytes (or their start, bounded by the implementation).</param>
    void Add(string file, long offset, string error, ReadOnlySpan<byte> sample);
}
