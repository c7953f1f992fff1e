using System.Text;
using System.Text.Json;
using DataPipe.Core.Documents;

namespace DataPipe.Core.Formats.Jsonl;

/// <summary>Reads JSON Lines (plain, .gz, .zst): one document per line, with configurable text / id / url fields.</summary>
public sealed class JsonlReader : IDocumentReader
{
    public IEnumerable<Document> Read(Stream input, ReaderContext context)
    {
        var shard = context.Shard;
        using var text = Compression.OpenDecompressed(input, shard.Path);
        using var lines = new LineReader(text, (int)Math.Min(int.MaxValue - 64, context.MaxRecordBytes));
        long ordinal = 0;
        while (true)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            Document? doc = null;
            bool damaged = false;
            try
            {
                if (!lines.TryReadLine(out var line, out bool oversized)) yield break;
                if (line.IsEmpty || IsBlank(line)) continue;
                context.Counters.Add("records");
                if (oversized)
                {
                    Quarantine(context, lines.LineOffset, $"line longer than max_record_bytes ({context.MaxRecordBytes})", line);
                    continue;
                }
                doc = Parse(line, context, ordinal, lines.LineOffset);
            }
            catch (InvalidDataException e)
            {
                // The compressed stream itself is damaged: everything up to here was kept; the rest is unreadable.
                Quarantine(context, lines.Consumed, $"corrupt compressed stream: {e.Message}", default);
                context.Counters.Add("truncated_files");
                damaged = true;
            }
            catch (EndOfStreamException e)
            {
                Quarantine(context, lines.Consumed, $"truncated compressed stream: {e.Message}", default);
                context.Counters.Add("truncated_files");
                damaged = true;
            }
            if (damaged) yield break;
            if (doc is null) continue;
            ordinal++;
            context.Counters.Add("documents");
            yield return doc;
        }
    }

    private static Document? Parse(ReadOnlySpan<byte> line, ReaderContext context, long ordinal, long offset)
    {
        var shard = context.Shard;
        byte[]? repairedBytes = null;
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            repairedBytes = Encoding.UTF8.GetBytes(Utf8Text.Decode(line, out _));
            context.Counters.Add("utf8_repaired");
        }
        try
        {
            using var json = JsonDocument.Parse(repairedBytes ?? line.ToArray());
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Quarantine(context, offset, "line is JSON but not an object", line);
                return null;
            }
            if (!root.TryGetProperty(shard.TextField, out var textElement) || textElement.ValueKind != JsonValueKind.String)
            {
                Quarantine(context, offset, $"no string field '{shard.TextField}'", line);
                return null;
            }
            string? id = root.TryGetProperty(shard.IdField, out var idElement) ? idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString(),
                JsonValueKind.Number => idElement.GetRawText(),
                _ => null,
            } : null;
            string? url = root.TryGetProperty(shard.UrlField, out var urlElement) && urlElement.ValueKind == JsonValueKind.String ? urlElement.GetString() : null;
            return new Document
            {
                Id = string.IsNullOrEmpty(id) ? $"{shard.Name}:{ordinal}" : id,
                Text = textElement.GetString()!,
                Url = url,
                Position = new SourcePosition(shard.Index, ordinal),
            };
        }
        catch (JsonException e)
        {
            Quarantine(context, offset, $"not valid JSON: {e.Message}", line);
            return null;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    private static void Quarantine(ReaderContext context, long offset, string error, ReadOnlySpan<byte> sample)
    {
        context.Counters.Add("quarantined");
        context.Quarantine.Add(context.Shard.Path, offset, error, sample);
    }
}
