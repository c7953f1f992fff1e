using DataPipe.Core.Documents;
using DataPipe.Core.Formats.Gzip;
using DataPipe.Core.Formats.Html;
using DataPipe.Core.Formats.Text;

namespace DataPipe.Core.Formats.Warc;

/// <summary>
/// Reads WARC and WET files (WARC/0.17, 0.18, 1.0 and 1.1; CR LF or LF line ends; plain, gzip with one member per
/// record, or zstd). <c>conversion</c> records become documents with their block decoded unchanged; <c>response</c>
/// (HTTP) and text <c>resource</c> records have HTML reduced to main text; every other type is skipped and counted as
/// <c>skipped.&lt;type&gt;</c>. The record's headers a downstream job filters or joins on go into metadata
/// (<see cref="MetadataKeys"/>). A document's ordinal is its record's index among the file's record starts, so one
/// range of a split plain file (<see cref="Input.Splitting.WarcCutter"/>) numbers its documents as the whole file's reader does.
/// </summary>
public sealed class WarcReader : IDocumentReader
{
    public IEnumerable<Document> Read(Stream input, ReaderContext context)
    {
        var shard = context.Shard;
        GzipMemberStream? gzip = null;
        Stream decompressed;
        if (shard.IsRange)
        {
            // Only plain files are cut (InputSplitter): a range's bytes are the records between two record starts.
            if (Compression.IsCompressed(shard.Path)) throw new NotSupportedException($"{shard.Path}: a compressed WARC is read whole, not as a byte range");
            decompressed = new IO.ByteRangeStream(input, shard.Start, shard.End);
        }
        else if (shard.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            gzip = new GzipMemberStream(input, (offset, error, sample) => QuarantineCompressed(context, offset, error, sample));
            decompressed = gzip;
        }
        else decompressed = Compression.OpenDecompressed(input, shard.Path);

        using (decompressed)
        using (var window = new ByteWindow(decompressed, shard.Start))
        {
            var parser = new WarcRecordParser(window, context, gzip);
            var converter = new RecordConverter(context);
            while (true)
            {
                var document = Next(parser, converter, context, shard.FirstOrdinal, out bool end);
                if (end) yield break;
                if (document is null) continue;
                context.Emitted();
                yield return document;
            }
        }
    }

    /// <param name="firstOrdinal">The file index of the stream's first record (the range's, for a range).</param>
    private static Document? Next(WarcRecordParser parser, RecordConverter converter, ReaderContext context, long firstOrdinal, out bool end)
    {
        end = false;
        try
        {
            if (!parser.TryNext(out var record)) { end = true; return null; }
            // The record's index among the file's record starts, not a count of documents: a range knows it from
            // the plan without extracting the text of every record before it.
            long ordinal = firstOrdinal + parser.RecordStarts - 1;
            var document = converter.Convert(record, parser.Block(record), ordinal);
            parser.Consume(record);
            return document;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ZstdSharp.ZstdException)
        {
            // The decompressor itself gave up (zstd or a plain stream error): what was read is kept, the rest is lost.
            context.Counters.Add(ReaderCounters.TruncatedFiles);
            context.QuarantineRecord(-1, $"input stream failed, rest of file unreadable: {e.Message}", default);
            end = true;
            return null;
        }
    }

    private static void QuarantineCompressed(ReaderContext context, long offset, string error, ReadOnlySpan<byte> sample)
    {
        context.Counters.Add(ReaderCounters.GzipDamaged);
        context.QuarantineRecord(offset, $"{error} (offset {offset} in the compressed file)", sample);
    }

    /// <summary>One record's block → a document (or a counted skip).</summary>
    private sealed class RecordConverter(ReaderContext context)
    {
        private readonly HtmlTextExtractor _html = new(context.Html);

        public Document? Convert(in WarcRecord record, ReadOnlySpan<byte> block, long ordinal)
        {
            var headers = record.Headers;
            string? charset = CharsetSniffer.FromContentType(headers.ContentType);
            string? mime = MimeOf(headers.ContentType);
            string? text;
            int status = 0;
            if (record.Truncated && headers.Type is not WarcTypes.Response && block.IsEmpty)
            {
                context.QuarantineRecord(record.Offset, $"record cut off by the end of the file before any of its block arrived (offset {record.Offset} in the decompressed stream)", default);
                return null;
            }
            string? title = null;
            switch (headers.Type)
            {
                case WarcTypes.Conversion:
                    text = TextDecoder.Decode(block, charset, context.Counters);
                    break;
                case WarcTypes.Response:
                    if (!HttpPayload.TryParse(block, context.MaxRecordBytes, record.Truncated, out var payload, out string? error))
                    {
                        context.QuarantineRecord(record.Offset, $"{error} (offset {record.Offset} in the decompressed stream)", block[..Math.Min(block.Length, 4096)]);
                        return null;
                    }
                    if (payload.EncodingIgnored) context.Counters.Add(ReaderCounters.ContentEncodingIgnored);
                    status = payload.Status;
                    mime = payload.MimeType;
                    charset = CharsetSniffer.FromContentType(payload.ContentType);
                    text = PayloadText(payload.Body, mime, ref charset, ref title);
                    break;
                case WarcTypes.Resource:
                    text = PayloadText(block, mime, ref charset, ref title);
                    break;
                default:
                    context.Counters.Add("skipped." + headers.Type);
                    return null;
            }
            if (text is null) { context.Counters.Add("skipped.non_text"); return null; }
            if (string.IsNullOrWhiteSpace(text)) { context.Counters.Add("skipped.empty"); return null; }

            var metadata = new Dictionary<string, string>(8, StringComparer.Ordinal);
            if (headers.Date is not null) metadata[MetadataKeys.Date] = headers.Date;
            if (headers.RecordId is not null) metadata[MetadataKeys.RecordId] = headers.RecordId;
            if (headers.TargetUri is not null) metadata[MetadataKeys.TargetUri] = headers.TargetUri;
            if (headers.RefersTo is not null) metadata[MetadataKeys.RefersTo] = headers.RefersTo;
            if (headers.Language is not null) metadata[MetadataKeys.Language] = headers.Language;
            if (status != 0) metadata[MetadataKeys.HttpStatus] = StatusText(status);
            if (mime is not null) metadata[MetadataKeys.ContentType] = mime;
            if (charset is not null) metadata[MetadataKeys.Charset] = charset;
            if (title is not null) metadata[MetadataKeys.Title] = title;
            if (record.Truncated)
            {
                metadata[MetadataKeys.Truncated] = "true";
                context.Counters.Add(ReaderCounters.TruncatedRecordsKept);
            }
            return new Document
            {
                Id = headers.RecordId ?? $"{context.Shard.Name}:{ordinal}",
                Text = text,
                Url = headers.TargetUri,
                Position = new SourcePosition(context.Shard.Index, ordinal),
                Metadata = metadata,
            };
        }

        /// <summary>Text of an HTML or plain-text payload; null for other media types.</summary>
        private string? PayloadText(ReadOnlySpan<byte> body, string? mime, ref string? charset, ref string? title)
        {
            bool html = mime is null or "text/html" or "application/xhtml+xml";
            if (!html && mime is not "text/plain") return null;
            if (html)
            {
                // BOM, HTTP charset, <meta> prescan, detection: the WHATWG order, each decision counted.
                string page = HtmlDecoder.Decode(body, charset, context.Counters, out string decided);
                charset = decided;
                string extracted = _html.Extract(page);
                title = _html.Title;
                return extracted;
            }
            return TextDecoder.Decode(body, charset, context.Counters);
        }

        private static readonly string[] CommonStatus = ["200", "206", "301", "302", "304", "404"];

        private static string StatusText(int status) => status switch
        {
            200 => CommonStatus[0], 206 => CommonStatus[1], 301 => CommonStatus[2], 302 => CommonStatus[3], 304 => CommonStatus[4], 404 => CommonStatus[5],
            _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        private static string? MimeOf(string? contentType)
        {
            if (contentType is null) return null;
            int semicolon = contentType.IndexOf(';');
            var mime = (semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon)).Trim();
            // The common types come back as constants, so a WET record costs no string here.
            if (mime.Equals("text/plain", StringComparison.OrdinalIgnoreCase)) return "text/plain";
            if (mime.Equals("text/html", StringComparison.OrdinalIgnoreCase)) return "text/html";
            return mime.ToString().ToLowerInvariant();
        }
    }
}

/// <summary>The metadata keys a WARC or WET document carries (each only when its record has the header).</summary>
public static class MetadataKeys
{
    /// <summary>The HTML page's <c>&lt;title&gt;</c>, when main-text extraction found one.</summary>
    public const string Title = "title";

    /// <summary><c>WARC-Date</c>.</summary>
    public const string Date = "warc_date";

    /// <summary><c>WARC-Record-ID</c> (also the document id).</summary>
    public const string RecordId = "warc_record_id";

    /// <summary><c>WARC-Target-URI</c> (also the document URL).</summary>
    public const string TargetUri = "warc_target_uri";

    /// <summary><c>WARC-Refers-To</c>: a WET record's WARC response, to join WET text back to the WARC.</summary>
    public const string RefersTo = "warc_refers_to";

    /// <summary><c>WARC-Identified-Content-Language</c>: Common Crawl's CLD2 languages, most likely first (<c>eng,deu</c>).</summary>
    public const string Language = "warc_identified_content_language";

    /// <summary>The HTTP status code of a WARC response (<c>200</c>).</summary>
    public const string HttpStatus = "http_status";

    /// <summary>The media type: the HTTP Content-Type of a response, the record's Content-Type otherwise.</summary>
    public const string ContentType = "content_type";

    public const string Charset = "charset";

    /// <summary><c>true</c> on a record the file ended inside, kept as far as it arrived.</summary>
    public const string Truncated = "truncated";
}
