using System.Text;
using System.Text.Json;
using DataPipe.Core.Documents;

namespace DataPipe.Core.Formats.Jsonl;

/// <summary>
/// Reads JSON Lines (plain, .gz, .zst): one document per line, with configurable text / id / url fields. A document's
/// ordinal is its line's index in the file (blank and bad lines count), so a task reading one range of a split file
/// numbers its documents, and generates their ids, as the task reading the whole file would.
/// </summary>
public sealed class JsonlReader : IDocumentReader
{
    public IEnumerable<Document> Read(Stream input, ReaderContext context)
    {
        var shard = context.Shard;
        // .gz goes member by member so a damaged or truncated file is reported (GZipStream can end quietly) and resynced.
        using var text = shard.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new Gzip.GzipMemberStream(input, (offset, error, sample) =>
            {
                // A damaged stretch of compressed bytes, not a record: the lines it held are unknown. Counted apart so
                // records = documents + quarantined still accounts for every line that could be read.
                context.Counters.Add(ReaderCounters.DamagedRegions);
                context.Quarantine.Add(context.Shard.Path, offset, $"{error} (offset {offset} in the compressed file)", sample);
            })
            : shard.Decoded is { } decoded
                // Decompression starts at the range's first frame and may read on past End to finish the last line.
                ? new IO.DecodedWindowStream(new ZstdSharp.DecompressionStream(new IO.ByteRangeStream(input, shard.Start, -1), leaveOpen: false), decoded.Skip, decoded.Length)
            : shard.IsRange ? new IO.ByteRangeStream(input, shard.Start, shard.End)
            : Compression.OpenDecompressed(input, shard.Path);
        // Offsets in quarantine stay offsets in the whole file (its decompressed stream, for a compressed one).
        long fileOffset = shard.Decoded?.Start ?? shard.Start;
        using var lines = new LineReader(text, (int)Math.Min(int.MaxValue - 64, context.MaxRecordBytes));
        var fields = new FieldNames(shard);
        long ordinal = shard.FirstOrdinal - 1;
        while (true)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            Document? doc = null;
            bool damaged = false;
            try
            {
                if (!lines.TryReadLine(out var line, out bool oversized)) yield break;
                ordinal++;
                long offset = fileOffset + lines.LineOffset;
                if (offset == 0 && line.StartsWith(Utf8Bom)) line = line[Utf8Bom.Length..];
                if (line.IsEmpty || IsBlank(line)) continue;
                context.Counters.Add(ReaderCounters.Records);
                if (oversized)
                {
                    Quarantine(context, offset, $"line longer than max_record_bytes ({context.MaxRecordBytes})", line);
                    continue;
                }
                doc = Parse(line, context, fields, ordinal, offset);
            }
            catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException or IOException and not EndOfStreamException)
            {
                // The compressed stream itself is damaged: everything up to here was kept; the rest is unreadable.
                Quarantine(context, fileOffset + lines.Consumed, $"corrupt compressed stream after decompressed offset {fileOffset + lines.Consumed}{FromFrame(shard)}: {e.Message}", default);
                context.Counters.Add(ReaderCounters.TruncatedFiles);
                damaged = true;
            }
            catch (EndOfStreamException e)
            {
                Quarantine(context, fileOffset + lines.Consumed, $"truncated compressed stream after decompressed offset {fileOffset + lines.Consumed}{FromFrame(shard)}: {e.Message}", default);
                context.Counters.Add(ReaderCounters.TruncatedFiles);
                damaged = true;
            }
            if (damaged) yield break;
            if (doc is null) continue;
            context.Emitted();
            yield return doc;
        }
    }

    private static Document? Parse(ReadOnlySpan<byte> line, ReaderContext context, FieldNames fields, long ordinal, long offset)
    {
        var shard = context.Shard;
        byte[]? repairedBytes = null;
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            repairedBytes = Encoding.UTF8.GetBytes(Utf8Text.Decode(line, out _));
            context.Counters.Add(ReaderCounters.Utf8Repaired);
        }
        var json = new Utf8JsonReader(repairedBytes is null ? line : repairedBytes);
        string? text = null, id = null, url = null;
        try
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                Quarantine(context, offset, "line is not a JSON object", line);
                return null;
            }
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                bool isText = json.ValueTextEquals(fields.Text), isId = json.ValueTextEquals(fields.Id), isUrl = json.ValueTextEquals(fields.Url);
                json.Read();
                if (isText && json.TokenType == JsonTokenType.String) text ??= json.GetString();
                else if (isId && json.TokenType == JsonTokenType.String) id ??= json.GetString();
                else if (isId && json.TokenType == JsonTokenType.Number) id ??= Encoding.UTF8.GetString(json.ValueSpan);
                else if (isUrl && json.TokenType == JsonTokenType.String) url ??= json.GetString();
                else json.Skip();
            }
            // Anything after the object (a second value, garbage) makes the line invalid.
            if (json.Read()) throw new JsonException($"unexpected content after the object at byte {json.TokenStartIndex}");
        }
        catch (JsonException e)
        {
            Quarantine(context, offset, $"not valid JSON: {e.Message}", line);
            return null;
        }
        if (text is null)
        {
            Quarantine(context, offset, $"no string field '{shard.TextField}'", line);
            return null;
        }
        return new Document
        {
            Id = string.IsNullOrEmpty(id) ? $"{shard.Name}:{ordinal}" : id,
            Text = text,
            Url = url,
            Position = new SourcePosition(shard.Index, ordinal),
        };
    }

    /// <summary>The configured field names, encoded once per shard.</summary>
    private sealed class FieldNames(Execution.InputShard shard)
    {
        public byte[] Text { get; } = Encoding.UTF8.GetBytes(shard.TextField);
        public byte[] Id { get; } = Encoding.UTF8.GetBytes(shard.IdField);
        public byte[] Url { get; } = Encoding.UTF8.GetBytes(shard.UrlField);
    }

    /// <summary>Where a range's decompression began, so a damaged frame can be found in the compressed file.</summary>
    private static string FromFrame(Execution.InputShard shard) =>
        shard.Decoded is null ? "" : $" (this range decompresses from the frame at offset {shard.Start} in the compressed file)";

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    private static void Quarantine(ReaderContext context, long offset, string error, ReadOnlySpan<byte> sample)
    {
        // "Whole file": a range of a split file gives the offset the unsplit read would, not one from its own start.
        if (!error.Contains("compressed file")) error = $"{error} (line at offset {offset} in the whole file's decompressed stream)";
        context.QuarantineRecord(offset, error, sample);
    }
}
