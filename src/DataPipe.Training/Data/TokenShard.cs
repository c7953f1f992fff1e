using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using DataPipe.Core.Formats.TokenShards;

namespace DataPipe.Training.Data;

/// <summary>
/// One memory-mapped token shard: every record batch's flat token values, in row order, read zero-copy.
/// The documents' tokens (each already ending in EOS) concatenate into this shard's part of the token stream.
/// </summary>
public sealed class TokenShard : IDisposable
{
    private const int FileMagicLength = 8; // "ARROW1\0\0": the rest of an IPC file is a valid IPC stream.

    private readonly MappedFileMemory _memory;
    private readonly List<RecordBatch> _batches = [];
    private readonly List<(IArrowArray Values, int Offset, int Length)> _segments = [];

    public string Path { get; }
    public long Rows { get; }
    public long Tokens { get; }

    private TokenShard(string path, MappedFileMemory memory, long rows, long tokens)
    {
        Path = path;
        _memory = memory;
        Rows = rows;
        Tokens = tokens;
    }

    /// <summary>Maps <paramref name="path"/> and checks it against the manifest's vocabulary and counts.</summary>
    public static TokenShard Open(string path, TokenManifest manifest, TokenManifestShard entry)
    {
        if (!File.Exists(path)) throw new TrainingDataException($"{path}: shard listed in the manifest is missing");
        var memory = new MappedFileMemory(path);
        try
        {
            var shard = new TokenShard(path, memory, entry.Rows, entry.Tokens);
            shard.Load(manifest, entry);
            return shard;
        }
        catch (Exception e) when (e is not TrainingDataException)
        {
            ((IDisposable)memory).Dispose();
            throw new TrainingDataException($"{path}: not a readable Arrow token shard: {e.Message}");
        }
        catch
        {
            ((IDisposable)memory).Dispose();
            throw;
        }
    }

    private void Load(TokenManifest manifest, TokenManifestShard entry)
    {
        var memory = _memory.Memory;
        if (memory.Length < FileMagicLength || !memory.Span[..6].SequenceEqual("ARROW1"u8))
            throw new TrainingDataException($"{Path}: not an Arrow IPC file (bad magic)");
        using var reader = new ArrowStreamReader(memory[FileMagicLength..]);
        long rows = 0, tokens = 0;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            if (rows == 0 && _batches.Count == 0) CheckSchema(batch.Schema, manifest);
            _batches.Add(batch);
            var list = batch.Column("tokens") as ListArray
                ?? throw new TrainingDataException($"{Path}: column 'tokens' must be list<uint16|uint32>");
            var offsets = list.ValueOffsets;
            int start = offsets[0], end = offsets[list.Length];
            CheckRange(list.Values, start, end - start, manifest.VocabSize);
            _segments.Add((list.Values, start, end - start));
            rows += batch.Length;
            tokens += end - start;
        }
        if (rows != entry.Rows || tokens != entry.Tokens)
            throw new TrainingDataException($"{Path}: holds {rows} rows / {tokens} tokens but the manifest says {entry.Rows} / {entry.Tokens}");
    }

    private void CheckSchema(Schema schema, TokenManifest manifest)
    {
        var field = schema.GetFieldByName("tokens") ?? throw new TrainingDataException($"{Path}: no 'tokens' column");
        var item = (field.DataType as ListType)?.ValueDataType;
        var expected = manifest.Dtype == "uint16" ? ArrowTypeId.UInt16 : ArrowTypeId.UInt32;
        if (item?.TypeId != expected)
            throw new TrainingDataException($"{Path}: tokens are {item?.Name ?? field.DataType.Name}, the manifest says {manifest.Dtype}");
        if (schema.Metadata is { } meta && meta.TryGetValue("datapipe.vocab_size", out var vocab) && vocab != manifest.VocabSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new TrainingDataException($"{Path}: vocab_size {vocab} differs from the manifest's {manifest.VocabSize}");
    }

    private void CheckRange(IArrowArray values, int start, int length, int vocab)
    {
        uint max = values switch
        {
            UInt16Array a => MaxOf(a.Values.Slice(start, length)),
            UInt32Array a => MaxOf(a.Values.Slice(start, length)),
            _ => 0,
        };
        if (length > 0 && max >= vocab) throw new TrainingDataException($"{Path}: token id {max} is outside the vocabulary ({vocab})");
    }

    private static uint MaxOf(ReadOnlySpan<ushort> values)
    {
        uint max = 0;
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }

    private static uint MaxOf(ReadOnlySpan<uint> values)
    {
        uint max = 0;
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }

    /// <summary>Copies <paramref name="destination"/>.Length tokens starting at <paramref name="position"/> (shard-relative).</summary>
    public void CopyTo(long position, Span<long> destination)
    {
        var written = 0;
        foreach (var (values, offset, length) in _segments)
        {
            if (written == destination.Length) return;
            if (position >= length)
            {
                position -= length;
                continue;
            }
            var count = (int)Math.Min(length - position, destination.Length - written);
            var start = offset + (int)position;
            var target = destination.Slice(written, count);
            switch (values)
            {
                case UInt16Array a:
                    Widen(a.Values.Slice(start, count), target);
                    break;
                case UInt32Array a:
                    Widen(a.Values.Slice(start, count), target);
                    break;
            }
            written += count;
            position = 0;
        }
        if (written != destination.Length) throw new ArgumentOutOfRangeException(nameof(position), "read past the end of the shard");
    }

    private static void Widen(ReadOnlySpan<ushort> source, Span<long> target)
    {
        for (var i = 0; i < source.Length; i++) target[i] = source[i];
    }

    private static void Widen(ReadOnlySpan<uint> source, Span<long> target)
    {
        for (var i = 0; i < source.Length; i++) target[i] = source[i];
    }

    public void Dispose()
    {
        foreach (var batch in _batches) batch.Dispose();
        ((IDisposable)_memory).Dispose();
    }

}
