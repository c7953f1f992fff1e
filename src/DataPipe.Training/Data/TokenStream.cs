namespace DataPipe.Training.Data;

/// <summary>
/// Several shards read as one continuous token stream (documents already end in EOS), cut into
/// non-overlapping windows of <c>seqLen + 1</c> tokens whose last token is the next window's first.
/// </summary>
public sealed class TokenStream
{
    private readonly IReadOnlyList<TokenShard> _shards;
    private readonly long[] _starts;

    public TokenStream(IReadOnlyList<TokenShard> shards)
    {
        _shards = shards;
        _starts = new long[shards.Count + 1];
        for (var i = 0; i < shards.Count; i++) _starts[i + 1] = _starts[i] + shards[i].Tokens;
    }

    public long Tokens => _starts[^1];

    public int ShardCount => _shards.Count;

    /// <summary>How many windows of <paramref name="seqLen"/> inputs (+1 target) fit in the stream.</summary>
    public long WindowCount(int seqLen) => Tokens <= seqLen ? 0 : (Tokens - 1) / seqLen;

    /// <summary>Writes window <paramref name="window"/> (<paramref name="destination"/>.Length = seqLen + 1 tokens).</summary>
    public void CopyWindow(long window, int seqLen, Span<long> destination) => CopyTo(window * seqLen, destination);

    public void CopyTo(long position, Span<long> destination)
    {
        if (position < 0 || position + destination.Length > Tokens)
            throw new ArgumentOutOfRangeException(nameof(position), $"tokens [{position}, {position + destination.Length}) are outside the stream of {Tokens}");
        var shard = Array.BinarySearch(_starts, position);
        if (shard < 0) shard = ~shard - 1;
        while (shard < _shards.Count && _starts[shard + 1] == _starts[shard]) shard++; // empty shards
        var written = 0;
        while (written < destination.Length)
        {
            var offset = position + written - _starts[shard];
            var count = (int)Math.Min(_shards[shard].Tokens - offset, destination.Length - written);
            _shards[shard].CopyTo(offset, destination.Slice(written, count));
            written += count;
            shard++;
        }
    }
}
