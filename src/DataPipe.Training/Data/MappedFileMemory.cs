using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace DataPipe.Training.Data;

/// <summary>
/// A read-only memory-mapped file exposed as <see cref="Memory{T}"/>, so Arrow's stream reader can hand out
/// value spans that point straight into the page cache instead of copying the shard into managed memory.
/// </summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    public MappedFileMemory(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > int.MaxValue) throw new TrainingDataException($"{path}: shards must be under 2 GiB to be memory-mapped ({length} bytes)");
        if (length == 0) throw new TrainingDataException($"{path}: empty file");
        _length = (int)length;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _view.PointerOffset;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
