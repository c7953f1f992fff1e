using DataPipe.Core.Documents;
using DataPipe.Core.Formats.Gzip;
using DataPipe.Core.Formats.Html;
using DataPipe.Core.Formats.Text;

namespace DataPipe.Core.Formats.Warc;

/// <summary>
/// Reads WARC and WET files (WARC/1.0 and 1.1; plain, gzip with one member per record, or zstd). <c>conversion</c>
/// records become documents with their block decoded unchanged; <c>response</c> (HTTP) and text <c>resource</c>
/// records have HTML reduced to main text; every other type is skipped and counted as <c>skipped.&lt;type&gt;</c>.
/// </summary>
public sealed class WarcReader : IDocumentReader
{
    public IEnumerable<Document> Read(Stream input, ReaderContext context)
    {
        var shard = context.Shard;
        GzipMemberStream? gzip = null;
        Stream decompressed;
        if (shard.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            gzip = new GzipMemberStream(input, (offset, error, sample) => QuarantineCompressed(context, offset, error, sample));
            decompressed = gzip;
        }
        else decompressed = Compression.OpenDecompressed(input, shard.Path);

        using (decompressed)
        using (var window = new ByteWindow(decompressed))
        {
            var parser = new WarcRecordParser(window, context, gzip);
            var converter = new RecordConverter(context);
            long ordinal = 0;
            while (true)
            {
                var document = Next(parser, converter, context, ordinal, out bool end);
                if (end) yield break;
                if (document is null) continue;
                ordinal++;
                context.Counters.Add("documents");
                yield return document;
            }
        }
    }

    private static Document? Next(WarcRecordParser parser, RecordConverter converter, ReaderContext context, long ordinal, out bool end)
    {
        end = false;
        try
        {
            if (!parser.TryNext(out var record)) { end = true; return null; }
            var document = converter.Convert(record, parser.Block(record), ordinal);
            parser.Consume(record);
            return document;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ZstdSharp.ZstdException)
        {
            // The decompressor itself gave up (zstd or a plain stream error): what was read is kept, the rest is lost.
            context.Counters.Add("quarantined");
            context.Counters.Add("truncated_files");
            context.Quarantine.Add(context.Shard.Path, -1, $"input stream failed, rest of file unreadable: {e.Message}", default);
            end = true;
            return null;
        }
    }

    private static void QuarantineCompressed(ReaderContext context, long offset, string error, ReadOnlySpan<byte> sample)
    {
        context.Counters.Add("quarantined");
        context.Counters.Add("gzip_damaged");
        context.Quarantine.Add(context.Shard.Path, offset, $"{error} (offset {offset} in the compressed file)", sample);
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
            string? title = null;
            switch (headers.Type)
            {
                case WarcTypes.Conversion:
                    text = TextDecoder.Decode(block, charset, context.Counters);
                    break;
                case WarcTypes.Response:
                    if (!HttpPayload.TryParse(block, context.MaxRecordBytes, out var payload, out string? error))
                    {
                        context.Counters.Add("quarantined");
                        context.Quarantine.Add(context.Shard.Path, record.Offset,
                            $"{error} (offset {record.Offset} in the decompressed stream)", block[..Math.Min(block.Length, 4096)]);
                        return null;
                    }
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

            var metadata = new Dictionary<string, string>(3, StringComparer.Ordinal);
            if (headers.Date is not null) metadata["warc_date"] = headers.Date;
            if (mime is not null) metadata["content_type"] = mime;
            if (charset is not null) metadata["charset"] = charset;
            if (title is not null) metadata["title"] = title;
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
