using System.Runtime.InteropServices;
using DataPipe.Core.IO;

namespace DataPipe.Core.Dedup.Spill;

/// <summary>Files of fixed-size binary records (native little-endian layout), written atomically.</summary>
internal static class RecordFile
{
    public static void Write<T>(string path, ReadOnlySpan<T> records) where T : unmanaged =>
        AtomicFile.WriteAllBytes(path, MemoryMarshal.AsBytes(records));

    /// <summary>A missing file reads as empty: a task writes no file for a partition it never touched.</summary>
    public static T[] Read<T>(string path) where T : unmanaged
    {
        if (!File.Exists(path)) return [];
        using var handle = File.OpenHandle(path);
        long length = RandomAccess.GetLength(handle);
        int size = Marshal.SizeOf<T>();
        if (length % size != 0) throw new InvalidDataException($"{path}: {length} bytes is not a whole number of {size}-byte records");
        var records = new T[length / size];
        var bytes = MemoryMarshal.AsBytes(records.AsSpan());
        long offset = 0;
        while (offset < bytes.Length)
        {
            int n = RandomAccess.Read(handle, bytes[(int)offset..], offset);
            if (n == 0) throw new EndOfStreamException($"{path} ended early");
            offset += n;
        }
        return records;
    }

    /// <summary>Reads every file in order and concatenates their records.</summary>
    public static T[] ReadAll<T>(IEnumerable<string> paths) where T : unmanaged
    {
        var parts = paths.Select(Read<T>).ToList();
        var all = new T[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (var p in parts) { p.CopyTo(all, at); at += p.Length; }
        return all;
    }
}

/// <summary>
/// One spill file per partition for one task, fed one record at a time through small buffers and committed
/// together. Memory is one buffer per partition, whatever the shard size.
/// </summary>
internal sealed class PartitionedSpill<T> : IDisposable where T : unmanaged
{
    private const int BufferRecords = 2048;
    private readonly AtomicFile[] _files;
    private readonly T[][] _buffers;
    private readonly int[] _counts;

    public PartitionedSpill(int partitions, Func<int, string> pathOf)
    {
        _files = new AtomicFile[partitions];
        _buffers = new T[partitions][];
        _counts = new int[partitions];
        for (int p = 0; p < partitions; p++)
        {
            _files[p] = AtomicFile.Create(pathOf(p));
            _buffers[p] = new T[BufferRecords];
        }
    }

    public long Records { get; private set; }

    public void Add(int partition, in T record)
    {
        _buffers[partition][_counts[partition]++] = record;
        Records++;
        if (_counts[partition] == BufferRecords) Flush(partition);
    }

    private void Flush(int partition)
    {
        _files[partition].Stream.Write(MemoryMarshal.AsBytes(_buffers[partition].AsSpan(0, _counts[partition])));
        _counts[partition] = 0;
    }

    public void Commit()
    {
        for (int p = 0; p < _files.Length; p++)
        {
            Flush(p);
            _files[p].Commit();
        }
    }

    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}
