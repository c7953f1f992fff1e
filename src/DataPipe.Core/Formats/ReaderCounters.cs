namespace DataPipe.Core.Formats;

/// <summary>
/// The reader counter names, and the one definition of "did not become a document": every row of
/// <see cref="NotDocuments"/> is a distinct way input was read (or listed) without yielding a document. The summary,
/// <c>report.json</c> (<c>totals.not_documents</c>) and the HTML page all show this table, in this order.
/// </summary>
public static class ReaderCounters
{
    /// <summary>Records framed in the input (lines, WARC records, Parquet rows).</summary>
    public const string Records = "records";
    public const string Documents = "documents";

    /// <summary>A record, or a stretch of a WARC/WET gzip file, written to <c>quarantine/</c> with its error.</summary>
    public const string Quarantined = "quarantined";

    /// <summary>A damaged stretch of a compressed JSONL file: how many lines it held is unknown.</summary>
    public const string DamagedRegions = "damaged_regions";

    /// <summary>An input listed by the plan that could not be had (missing file, HTTP 404…).</summary>
    public const string MissingFiles = "missing_files";

    /// <summary>Records skipped by design (<c>skipped.warcinfo</c>, <c>skipped.request</c>, <c>skipped.non_text</c>…).</summary>
    public const string SkippedPrefix = "skipped.";

    /// <summary>Files whose stream failed part way (the rest unreadable); the failure is also one quarantined entry.</summary>
    public const string TruncatedFiles = "truncated_files";

    /// <summary>Records cut off by the end of the file and kept as far as they arrived (metadata <c>truncated: true</c>).</summary>
    public const string TruncatedRecordsKept = "truncated_records_kept";

    /// <summary>WARC records whose Content-Length was off by a few bytes and was repaired from the next record's start.</summary>
    public const string ContentLengthRepaired = "content_length_repaired";

    /// <summary>HTTP bodies that declared a Content-Encoding they did not have and were read as they are.</summary>
    public const string ContentEncodingIgnored = "content_encoding_ignored";

    public const string Oversized = "oversized";
    public const string GzipDamaged = "gzip_damaged";
    public const string GarbageRuns = "garbage_runs";
    public const string Utf8Repaired = "utf8_repaired";

    /// <summary>One row of the "not documents" table: its name, what it counts, and how from the merged reader
    /// counters and the plan's skipped-file count.</summary>
    public sealed record Row(string Name, string Meaning, Func<IReadOnlyDictionary<string, long>, long, long> Count);

    /// <summary>The rows, in table order.</summary>
    public static readonly IReadOnlyList<Row> NotDocuments =
    [
        new("quarantined_records", "records (and damaged WARC gzip stretches, unreadable files) written to quarantine/ with their error",
            (reader, _) => reader.GetValueOrDefault(Quarantined)),
        new("damaged_regions", "damaged stretches of compressed JSONL whose lines are lost (also in quarantine/)",
            (reader, _) => reader.GetValueOrDefault(DamagedRegions)),
        new("missing_files", "listed inputs that could not be had (also in quarantine/)",
            (reader, _) => reader.GetValueOrDefault(MissingFiles)),
        new("skipped_files", "files in an input folder no reader recognises (logged once each)",
            (_, skippedFiles) => skippedFiles),
        new("skipped_records", "records that are not documents by design: the sum of every skipped.<reason>",
            (reader, _) => reader.Where(p => p.Key.StartsWith(SkippedPrefix, StringComparison.Ordinal)).Sum(p => p.Value)),
    ];

    /// <summary>The table's counts from merged reader counters and the plan's skipped-file count.</summary>
    public static IReadOnlyList<(string Name, long Count)> NotDocumentCounts(IReadOnlyDictionary<string, long> reader, long skippedFiles) =>
        NotDocuments.Select(row => (row.Name, row.Count(reader, skippedFiles))).ToList();
}
