using Apache.Arrow;
using Apache.Arrow.Ipc;
using DataPipe.Core.IO;

namespace DataPipe.Core.Formats.TokenShards;

/// <summary>
/// Writes one token shard: an uncompressed Arrow IPC file (Node's arrow cannot read compressed IPC), one row per
/// document holding its tokens then EOS. Rows are buffered into record batches of at most <c>batchTokens</c> tokens,
/// so memory stays bounded whatever the shard size. Visible under its name only after <see cref="Commit"/>.
/// </summary>
public sealed class TokenShardWriter : IDisposable
{
    private readonly AtomicFile _file;
    private readonly Schema _schema;
    private readonly TokenShardInfo _info;
    private readonly long _batchTokens;
    private readonly HashingWriteStream _hashed;
    private readonly ArrowFileWriter _writer;
    private StringArray.Builder _ids = new();
    private ArrowBuffer.Builder<int> _offsets = new();
    private ArrowBuffer.Builder<ushort> _narrow = new();
    private ArrowBuffer.Builder<uint> _wide = new();
    private ushort[] _narrowScratch = new ushort[4096];
    private int _batchRows;
    private int _batchValues;

    public TokenShardWriter(string path, TokenShardInfo info, long batchTokens = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchTokens, 1);
        _info = info;
        _batchTokens = batchTokens;
        _schema = TokenShardSchema.Create(info);
        _file = AtomicFile.Create(path);
        // Hashed on the way out, so the manifest's sha256 and size need no second read of the shard.
        _hashed = new HashingWriteStream(_file.Stream);
        _writer = new ArrowFileWriter(_hashed, _schema, leaveOpen: true);
        // Written eagerly so a shard whose documents were all dropped is still a valid file with the schema.
        _writer.WriteStart();
        _offsets.Append(0);
    }

    /// <summary>The tokenizer and id width the shard is written for.</summary>
    public TokenShardInfo Info => _info;

    public long Rows { get; private set; }
    public long Tokens { get; private set; }

    /// <summary>Size of the committed file in bytes (after <see cref="Commit"/>).</summary>
    public long Bytes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the committed file (after <see cref="Commit"/>).</summary>
    public string? Sha256 { get; private set; }

    /// <summary>Appends one document: its tokens followed by the EOS id.</summary>
    public void Append(string id, ReadOnlySpan<int> tokens)
    {
        _ids.Append(id);
        // Checked and narrowed into one reused buffer, then appended at once: the builders' per-value Append costs
        // more than the check.
        CheckIds(tokens);
        if (_info.WideTokens)
        {
            _wide.Append(System.Runtime.InteropServices.MemoryMarshal.Cast<int, uint>(tokens));
            _wide.Append((uint)_info.EosId);
        }
        else
        {
            if (_narrowScratch.Length < tokens.Length) _narrowScratch = new ushort[Math.Max(tokens.Length, _narrowScratch.Length * 2)];
            var narrow = _narrowScratch.AsSpan(0, tokens.Length);
            for (int i = 0; i < tokens.Length; i++) narrow[i] = (ushort)tokens[i];
            _narrow.Append(narrow);
            _narrow.Append((ushort)_info.EosId);
        }
        _batchValues = checked(_batchValues + tokens.Length + 1);
        _offsets.Append(_batchValues);
        _batchRows++;
        Rows++;
        Tokens += tokens.Length + 1;
        if (_batchValues >= _batchTokens) FlushBatch();
    }

    public void Commit()
    {
        FlushBatch();
        _writer.WriteEnd();
        _writer.Dispose();
        Bytes = _hashed.Written;
        Sha256 = _hashed.FinishHash();
        _file.Commit();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _hashed.Dispose();
        _file.Dispose();
    }

    private void CheckIds(ReadOnlySpan<int> tokens)
    {
        // An id below zero reads as a huge unsigned value, so one unsigned bound check catches both ends.
        foreach (int id in tokens)
            if ((uint)id >= (uint)_info.VocabSize)
                throw new InvalidDataException($"token id {id} is outside the vocabulary of {_info.Tokenizer} ({_info.VocabSize})");
    }

    private void FlushBatch()
    {
        if (_batchRows == 0) return;
        var listType = TokenShardSchema.TokensType(_info.WideTokens);
        IArrowArray values = _info.WideTokens
            ? new UInt32Array(_wide.Build(), ArrowBuffer.Empty, _batchValues, 0, 0)
            : new UInt16Array(_narrow.Build(), ArrowBuffer.Empty, _batchValues, 0, 0);
        var tokens = new ListArray(listType, _batchRows, _offsets.Build(), values, ArrowBuffer.Empty, 0);
        using var batch = new RecordBatch(_schema, [_ids.Build(), tokens], _batchRows);
        _writer.WriteRecordBatch(batch);
        _ids = new StringArray.Builder();
        _offsets = new ArrowBuffer.Builder<int>();
        _narrow = new ArrowBuffer.Builder<ushort>();
        _wide = new ArrowBuffer.Builder<uint>();
        _offsets.Append(0);
        _batchRows = 0;
        _batchValues = 0;
    }
}
