namespace DataPipe.Core.Reporting.Model;

/// <summary>The <c>totals</c> section: the build's headline numbers.</summary>
public sealed record TotalsReport
{
    public long DocsRead { get; set; }
    public long DocsKept { get; set; }
    public long BytesRead { get; set; }
    public long BytesKept { get; set; }
    public long QuarantinedRecords { get; set; }

    /// <summary><see cref="Formats.ReaderCounters.NotDocuments"/> in its table order; null in reports older than
    /// the table.</summary>
    public IReadOnlyDictionary<string, long>? NotDocuments { get; set; }

    public double TaskSeconds { get; set; }
    public double FinalPassMbPerSecondPerCore { get; set; }
}
