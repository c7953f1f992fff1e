using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace DataPipe.Core.Tokenization;

/// <summary>
/// Our own tiktoken-style encoder for the GPT-2 and cl100k patterns: the hand-written <see cref="PreTokenSplitter"/>,
/// then rank-ordered byte-pair merging inside each pre-token, with a cache of pre-token → ids (natural text is
/// Zipfian, so most pre-tokens hit). No allocation per token: only a cache miss allocates. Not thread-safe (one
/// instance per task); the ranks table is shared. Id-identical to Microsoft.ML.Tokenizers (tested).
/// </summary>
public sealed class TiktokenEncoder : ITokenEncoder
{
    // Bounds memory per task (~30 MB); the Zipfian head of natural text fits easily.
    private const int MaxCacheEntries = 1 << 18;
    private const int MaxCachedLength = 64;

    private readonly TiktokenRanks _ranks;
    private readonly PreTokenizerKind _kind;
    private readonly Dictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TiktokenEncoder(TiktokenRanks ranks, PreTokenizerKind kind)
    {
        _ranks = ranks;
        _kind = kind;
        _lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void Encode(ReadOnlySpan<char> text, List<int> output)
    {
        int i = 0;
        while (i < text.Length)
        {
            int end = PreTokenSplitter.NextEnd(_kind, text, i);
            EncodePiece(text[i..end], output);
            i = end;
        }
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
        byte[]? rented = maxBytes > 512 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> bytes = rented ?? stackalloc byte[512];
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

/// <summary>A tiktoken ranks table (token bytes → rank = id) with the byte-pair merge over it.</summary>
public sealed class TiktokenRanks
{
    private readonly Dictionary<byte[], int> _ranks;
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    private TiktokenRanks(Dictionary<byte[], int> ranks)
    {
        _ranks = ranks;
        _lookup = ranks.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _ranks.Count;

    /// <summary>Parses <c>base64 rank</c> lines, or the Microsoft.ML.Tokenizers.Data form (a <c>Capacity: N</c>
    /// header, then one base64 token per line whose rank is its line index).</summary>
    public static TiktokenRanks Parse(byte[] file)
    {
        var ranks = new Dictionary<byte[], int>(ByteSpanComparer.Instance);
        int implicitRank = 0;
        foreach (var raw in Encoding.ASCII.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            int space = line.IndexOf(' ');
            try
            {
                int rank = space < 0 ? implicitRank : int.Parse(line.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture);
                ranks[Convert.FromBase64String(space < 0 ? line : line[..space])] = rank;
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"ranks line {implicitRank + 1} ('{line}') is not 'base64 [rank]'", e);
            }
            implicitRank++;
        }
        return new TiktokenRanks(ranks);
    }

    private int Rank(ReadOnlySpan<byte> bytes) => _lookup.TryGetValue(bytes, out int rank) ? rank : int.MaxValue;

    /// <summary>tiktoken's merge: repeatedly join the adjacent parts whose joined bytes have the lowest rank
    /// (leftmost on ties) until no joined pair is a token; every part is then a token.</summary>
    public void Merge(ReadOnlySpan<byte> piece, List<int> output)
    {
        if (piece.Length == 1 || _lookup.TryGetValue(piece, out _))
        {
            output.Add(piece.Length == 1 ? Rank(piece) : _lookup[piece]);
            return;
        }
        int[]? rented = piece.Length > 255 ? ArrayPool<int>.Shared.Rent((piece.Length + 1) * 2) : null;
        Span<int> buffer = rented ?? stackalloc int[512];
        Span<int> starts = buffer[..(piece.Length + 1)];
        Span<int> pairRanks = buffer.Slice(piece.Length + 1, piece.Length);
        int parts = piece.Length;
        for (int i = 0; i <= piece.Length; i++) starts[i] = i;
        for (int i = 0; i + 1 < parts; i++) pairRanks[i] = Rank(piece[starts[i]..starts[i + 2]]);
        while (parts > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < parts; i++)
                if (pairRanks[i] < bestRank) { bestRank = pairRanks[i]; best = i; }
            if (best < 0) break;
            starts[(best + 2)..(parts + 1)].CopyTo(starts[(best + 1)..]);
            if (best + 1 < parts - 1) pairRanks[(best + 2)..(parts - 1)].CopyTo(pairRanks[(best + 1)..]);
            parts--;
            if (best + 1 < parts) pairRanks[best] = Rank(piece[starts[best]..starts[best + 2]]);
            else pairRanks[best] = int.MaxValue;
            if (best > 0) pairRanks[best - 1] = Rank(piece[starts[best - 1]..starts[best + 1]]);
        }
        for (int i = 0; i < parts; i++)
        {
            int rank = Rank(piece[starts[i]..starts[i + 1]]);
            if (rank == int.MaxValue) throw new InvalidDataException("the ranks table lacks a single-byte token");
            output.Add(rank);
        }
        if (rented is not null) ArrayPool<int>.Shared.Return(rented);
    }

    private sealed class ByteSpanComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteSpanComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
