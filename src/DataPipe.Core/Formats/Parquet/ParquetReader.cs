using DataPipe.Core.Documents;
using Parquet.Schema;

namespace DataPipe.Core.Formats.Parquet;

/// <summary>
/// Reads FineWeb-style Parquet: one document per row from the configured text / id / url columns, streamed one
/// row group at a time. A file without the text column, or one Parquet cannot read, is quarantined whole. A document's
/// ordinal is its row's index in the file; a task reading one range of a split file reads only the row groups whose
/// first page lies in the range (<see cref="Input.Splitting.ParquetCutter"/>).
/// </summary>
public sealed class ParquetReader : IDocumentReader
{
    public IEnumerable<Document> Read(Stream input, ReaderContext context)
    {
        using var seekable = Seekable(input);
        var file = Open(seekable, context);
        if (file is null) yield break;
        try
        {
            var shard = context.Shard;
            // Read with the footer by CreateAsync: every row group's row count and first page.
            var groups = file.Reader.Metadata!.RowGroups;
            long ordinal = shard.FirstOrdinal;
            for (int group = 0; group < file.Reader.RowGroupCount; group++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                if (shard.IsRange && !InRange(shard, groups[group])) continue;
                long groupStart = ordinal;
                // An unreadable group's rows still take their ordinals, so the rows after it keep their file index.
                ordinal += groups[group].NumRows;
                var rows = ReadGroup(file, group, context);
                if (rows is null) continue;
                var (texts, ids, urls) = rows.Value;
                for (int i = 0; i < texts.Length; i++)
                {
                    long rowOrdinal = groupStart + i;
                    context.Counters.Add(ReaderCounters.Records);
                    if (texts[i] is not { } text)
                    {
                        context.Counters.Add(ReaderCounters.SkippedPrefix + "null_text");
                        continue;
                    }
                    string? id = ids?[i];
                    var document = new Document
                    {
                        Id = string.IsNullOrEmpty(id) ? $"{shard.Name}:{rowOrdinal}" : id,
                        Text = text,
                        Url = urls?[i],
                        Position = new SourcePosition(shard.Index, rowOrdinal),
                    };
                    context.Emitted();
                    yield return document;
                }
            }
        }
        finally
        {
            file.Reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static bool InRange(Execution.InputShard shard, global::Parquet.Meta.RowGroup group)
    {
        long start = Input.Splitting.ParquetCutter.GroupStart(group);
        return start >= shard.Start && (shard.End < 0 || start < shard.End);
    }

    private sealed record OpenFile(global::Parquet.ParquetReader Reader, DataField Text, DataField? Id, DataField? Url);

    private static OpenFile? Open(Stream stream, ReaderContext context)
    {
        global::Parquet.ParquetReader? reader = null;
        DataField[] fields;
        try
        {
            reader = global::Parquet.ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
            // The schema is decoded from the footer on first use, so a damaged footer can still throw here.
            fields = reader.Schema.DataFields;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            QuarantineFile(context, $"not a readable Parquet file: {e.Message}");
            return null;
        }
        var text = Find(fields, context.Shard.TextField);
        if (text is null)
        {
            QuarantineFile(context, $"Parquet file has no column '{context.Shard.TextField}' (columns: {string.Join(", ", fields.Select(f => f.Path.ToString()))})");
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return null;
        }
        return new OpenFile(reader, text, Find(fields, context.Shard.IdField), Find(fields, context.Shard.UrlField));
    }

    private static (string?[] Texts, string?[]? Ids, string?[]? Urls)? ReadGroup(OpenFile file, int group, ReaderContext context)
    {
        try
        {
            using var rowGroup = file.Reader.OpenRowGroupReader(group);
            int rows = checked((int)rowGroup.RowCount);
            var texts = ReadStrings(rowGroup, file.Text, rows);
            var ids = file.Id is null ? null : ReadStrings(rowGroup, file.Id, rows);
            var urls = file.Url is null ? null : ReadStrings(rowGroup, file.Url, rows);
            return (texts, ids, urls);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.QuarantineRecord(-1, $"Parquet row group {group} is unreadable: {e.Message}", default);
            return null;
        }
    }

    private static string?[] ReadStrings(global::Parquet.ParquetRowGroupReader rowGroup, DataField field, int rows)
    {
        var values = new string?[rows];
        rowGroup.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
        return values;
    }

    private static DataField? Find(DataField[] fields, string name) =>
        fields.FirstOrDefault(f => f.Name == name && !f.IsArray && (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)));

    /// <summary>Parquet reads its footer first, so a non-seekable input is spooled to a temporary file.</summary>
    private static Stream Seekable(Stream input)
    {
        if (input.CanSeek) return Compression.NonClosing(input);
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        input.CopyTo(spool);
        spool.Position = 0;
        return spool;
    }

    private static void QuarantineFile(ReaderContext context, string error)
    {
        context.QuarantineRecord(-1, error, default);
    }
}
