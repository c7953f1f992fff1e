using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace DataPipe.Core.Formats.TokenShards;

/// <summary>One document read back from a token shard: its id and its tokens (EOS included).</summary>
public readonly record struct TokenRow(string Id, int[] Tokens);

/// <summary>Reads a token shard sequentially, batch by batch.</summary>
public sealed class TokenShardReader : IDisposable
{
    private readonly ArrowFileReader _reader;

    public TokenShardReader(string path)
    {
        Path = path;
        _reader = new ArrowFileReader(File.OpenRead(path), leaveOpen: false);
        Schema = _reader.Schema;
        Info = TokenShardSchema.ReadInfo(Schema, path);
    }

    public string Path { get; }
    public Schema Schema { get; }
    public TokenShardInfo Info { get; }

    public int BatchCount => _reader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Token count of every row, in order (for counts and histograms without copying ids).</summary>
    public IEnumerable<int> RowLengths()
    {
        while (_reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                var tokens = (ListArray)batch.Column(TokenShardSchema.TokensColumn);
                for (int i = 0; i < tokens.Length; i++) yield return tokens.GetValueLength(i);
            }
        }
    }

    public IEnumerable<TokenRow> Rows()
    {
        while (_reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                var ids = (StringArray)batch.Column(TokenShardSchema.IdColumn);
                var tokens = (ListArray)batch.Column(TokenShardSchema.TokensColumn);
                for (int i = 0; i < tokens.Length; i++)
                    yield return new TokenRow(ids.GetString(i), ReadTokens(tokens, i));
            }
        }
    }

    private static int[] ReadTokens(ListArray tokens, int row)
    {
        var slice = tokens.GetSlicedValues(row);
        return slice switch
        {
            UInt16Array narrow => narrow.Values.ToArray().Select(v => (int)v).ToArray(),
            UInt32Array wide => wide.Values.ToArray().Select(v => checked((int)v)).ToArray(),
            _ => throw new InvalidDataException($"tokens column holds {slice.Data.DataType.Name}, expected uint16 or uint32"),
        };
    }

    public void Dispose() => _reader.Dispose();
}
