using Parquet.Meta;

namespace DataPipe.Core.Input.Splitting;

/// <summary>
/// Groups a Parquet file's row groups into ranges of about equal size from its footer alone. A range is the byte span
/// from its first row group's first page to the next range's; the reader takes the row groups starting inside it.
/// </summary>
public static class ParquetCutter
{
    public static IReadOnlyList<FileRange> Cut(string path, int parts)
    {
        if (parts < 2) return FileRange.Whole;
        long length = new FileInfo(path).Length;
        FileMetaData metadata;
        try
        {
            var reader = global::Parquet.ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
            try { metadata = reader.Metadata ?? throw new InvalidDataException("no footer"); }
            finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The task that reads it whole quarantines it with the reason.
            return FileRange.Whole;
        }
        var groups = metadata.RowGroups;
        var starts = groups.Select(GroupStart).ToArray();
        for (int g = 1; g < starts.Length; g++)
            if (starts[g] <= starts[g - 1]) return FileRange.Whole; // not in file order: no byte range can hold a run of them
        var ranges = new List<FileRange>();
        long rows = 0, rangeRows = 0;
        int k = 1;
        for (int g = 0; g < groups.Count; g++)
        {
            if (g > 0 && k < parts && starts[g] >= InputSplitter.Target(length, k, parts))
            {
                ranges.Add(new FileRange(ranges.Count == 0 ? 0 : ranges[^1].End, starts[g], rangeRows));
                rangeRows = rows;
                while (k < parts && InputSplitter.Target(length, k, parts) <= starts[g]) k++;
            }
            rows += groups[g].NumRows;
        }
        if (ranges.Count == 0) return FileRange.Whole;
        ranges.Add(new FileRange(ranges[^1].End, -1, rangeRows));
        return ranges;
    }

    /// <summary>The offset of a row group's first page (its dictionary page when it has one), which orders row groups in the file.</summary>
    public static long GroupStart(RowGroup group)
    {
        long start = long.MaxValue;
        foreach (var column in group.Columns)
        {
            if (column.MetaData is not { } meta) continue;
            long first = meta.DictionaryPageOffset is > 0 and var d ? Math.Min(d, meta.DataPageOffset) : meta.DataPageOffset;
            start = Math.Min(start, first);
        }
        return start != long.MaxValue ? start : group.FileOffset ?? 0;
    }
}
