using System.Runtime.InteropServices;
using DataPipe.Core.IO;

namespace DataPipe.Core.Dedup.Spill;

/// <summary>
/// Per-shard variable-length blobs keyed by ordinal (document ids, shingle sketches): <c>NAME.bin</c> holds the
/// bytes, <c>NAME.idx</c> the sorted <see cref="BlobEntry"/> table, so a resolve task reads only what it needs.
/// </summary>
internal sealed class BlobWriter : IDisposable
{
    private readonly AtomicFile _data;
    private readonly AtomicFile _index;
    private long _offset;
    private readonly BlobEntry[] _pending = new BlobEntry[1024];
    private int _count;
    private byte[] _utf8 = new byte[256];

    public BlobWriter(string pathWithoutExtension)
    {
        _data = AtomicFile.Create(pathWithoutExtension + ".bin");
        _index = AtomicFile.Create(pathWithoutExtension + ".idx");
    }

    public void Add(long ordinal, ReadOnlySpan<byte> blob)
    {
        _data.Stream.Write(blob);
        _pending[_count++] = new BlobEntry(ordinal, _offset, blob.Length);
        _offset += blob.Length;
        if (_count == _pending.Length) FlushIndex();
    }

    /// <summary>Stores a string as UTF-8 (document ids), encoded into a buffer reused from call to call.</summary>
    public void Add(long ordinal, string text)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < max) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        Add(ordinal, _utf8.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(text, _utf8)));
    }

    private void FlushIndex()
    {
        _index.Stream.Write(MemoryMarshal.AsBytes(_pending.AsSpan(0, _count)));
        _count = 0;
    }

    public void Commit()
    {
        FlushIndex();
        _data.Commit();
        _index.Commit();
    }

    public void Dispose()
    {
        _data.Dispose();
        _index.Dispose();
    }
}

/// <summary>Reads blobs of one shard; the index is loaded once (one shard's worth of entries).</summary>
internal sealed class BlobReader : IDisposable
{
    private readonly BlobEntry[] _index;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _data;

    public BlobReader(string pathWithoutExtension)
    {
        _index = RecordFile.Read<BlobEntry>(pathWithoutExtension + ".idx");
        if (File.Exists(pathWithoutExtension + ".bin")) _data = File.OpenHandle(pathWithoutExtension + ".bin");
    }

    /// <summary>Every stored ordinal, ascending.</summary>
    public IEnumerable<long> Ordinals => _index.Select(e => e.Ordinal);

    public byte[]? Get(long ordinal)
    {
        int lo = 0, hi = _index.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long o = _index[mid].Ordinal;
            if (o == ordinal)
            {
                var e = _index[mid];
                var bytes = new byte[e.Length];
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = RandomAccess.Read(_data!, bytes.AsSpan(read), e.Offset + read);
                    if (n == 0) throw new EndOfStreamException($"blob of ordinal {ordinal} is cut short");
                    read += n;
                }
                return bytes;
            }
            if (o < ordinal) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    public void Dispose() => _data?.Dispose();
}
