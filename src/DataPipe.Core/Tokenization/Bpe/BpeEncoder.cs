using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Bpe;

/// <summary>Encodes ordinary text, appending ids to a reused list (no special tokens are ever recognized).</summary>
public interface ITokenEncoder
{
    void Encode(ReadOnlySpan<char> text, List<int> output);
}

/// <summary>
/// The project's encoder for every tokenizer: the pre-tokenizer's pieces, each merged by <see cref="BpeRanks"/>,
/// with a cache of piece → ids (natural text is Zipfian, so most pieces hit). No allocation per token: only a cache
/// miss allocates. Not thread-safe (one instance per task); the pre-tokenizer and ranks are shared. Id-identical to
/// Microsoft.ML.Tokenizers and HF tokenizers (tested against both).
/// </summary>
public sealed class BpeEncoder : ITokenEncoder
{
    // Bounds memory per task (~30 MB); the Zipfian head of natural text fits easily.
    private const int MaxCacheEntries = 1 << 18;
    private const int MaxCachedLength = 64;
    private const int StackBytes = 512;

    private readonly PreTokenizer _preTokenizer;
    private readonly BpeRanks _ranks;
    private readonly Dictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public BpeEncoder(PreTokenizer preTokenizer, BpeRanks ranks)
    {
        _preTokenizer = preTokenizer;
        _ranks = ranks;
        _lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void Encode(ReadOnlySpan<char> text, List<int> output)
    {
        foreach (var piece in _preTokenizer.Split(text)) EncodePiece(piece, output);
    }

    private void EncodePiece(ReadOnlySpan<char> piece, List<int> output)
    {
        if (_lookup.TryGetValue(piece, out int[]? cached))
        {
            output.AddRange(cached);
            return;
        }
        int start = output.Count;
        int maxBytes = Encoding.UTF8.GetMaxByteCount(piece.Length);
        byte[]? rented = maxBytes > StackBytes ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> bytes = rented ?? stackalloc byte[StackBytes];
        int n = Encoding.UTF8.GetBytes(piece, bytes);
        _ranks.Merge(bytes[..n], output);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        if (piece.Length <= MaxCachedLength)
        {
            if (_cache.Count >= MaxCacheEntries) _cache.Clear();
            _cache[piece.ToString()] = CollectionsMarshal.AsSpan(output)[start..].ToArray();
        }
    }
}
