using System.Buffers;

namespace DataPipe.Core.Tokenization.Bpe;

/// <summary>
/// A byte-level BPE model: the bytes of every ordinary token by id, and which adjacent pair of tokens merges into
/// which token at which rank. The trainer's merges, a <c>tokenizer.json</c> and a tiktoken ranks file all become
/// this, and the encoder only merges through it. Immutable, shared by every encoder.
/// </summary>
public sealed class BpeRanks
{
    // A merge is looked up by (left id, right id) and gives (rank, merged id) packed into one long: comparing the
    // packed values compares ranks, and one hash of a long per pair is cheaper than hashing the pair's bytes.
    private readonly Dictionary<long, long> _merges;
    private readonly int[] _byteIds;
    private readonly byte[]?[] _tokenBytes;
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>>? _wholePieces;

    private BpeRanks(byte[]?[] tokenBytes, int[] byteIds, Dictionary<long, long> merges, Dictionary<byte[], int>? wholePieces)
    {
        _tokenBytes = tokenBytes;
        _byteIds = byteIds;
        _merges = merges;
        _wholePieces = wholePieces?.GetAlternateLookup<ReadOnlySpan<byte>>();
        Count = tokenBytes.Count(t => t is not null);
    }

    /// <summary>Number of ordinary tokens.</summary>
    public int Count { get; }

    /// <summary>One more than the largest ordinary id.</summary>
    public int IdLimit => _tokenBytes.Length;

    /// <summary>The bytes of ordinary token <paramref name="id"/>; false for an id that is not one.</summary>
    public bool TryGetBytes(int id, out ReadOnlySpan<byte> bytes)
    {
        byte[]? token = (uint)id < (uint)_tokenBytes.Length ? _tokenBytes[id] : null;
        bytes = token;
        return token is not null;
    }

    /// <summary>The trainer's model: ids 0–255 are the bytes, then merge <c>i</c> makes id <c>256 + i</c> at rank
    /// <c>i</c>, merging only the pairs it lists (Hugging Face BPE semantics).</summary>
    public static BpeRanks FromMerges(IReadOnlyList<(int Left, int Right)> merges)
    {
        var tokens = new byte[]?[256 + merges.Count];
        var byteIds = new int[256];
        for (int b = 0; b < 256; b++) { tokens[b] = [(byte)b]; byteIds[b] = b; }
        var table = new Dictionary<long, long>(merges.Count);
        for (int i = 0; i < merges.Count; i++)
        {
            var (left, right) = merges[i];
            int id = 256 + i;
            tokens[id] = [.. tokens[left]!, .. tokens[right]!];
            table[Key(left, right)] = Key(i, id);
        }
        return new BpeRanks(tokens, byteIds, table, wholePieces: null);
    }

    /// <summary>A Hugging Face BPE: token bytes by id, and merges (left id, right id, merged id) in rank order. A
    /// pair listed twice keeps its last rank, as HF's map of merges does.</summary>
    public static BpeRanks FromVocabulary(IReadOnlyDictionary<int, byte[]> tokens, IEnumerable<(int Left, int Right, int Merged)> merges)
    {
        var bytes = new byte[]?[tokens.Count == 0 ? 0 : tokens.Keys.Max() + 1];
        foreach (var (id, token) in tokens) bytes[id] = token;
        var table = new Dictionary<long, long>();
        int rank = 0;
        foreach (var (left, right, merged) in merges) table[Key(left, right)] = Key(rank++, merged);
        return new BpeRanks(bytes, ByteIds(bytes), table, wholePieces: null);
    }

    /// <summary>A tiktoken ranks table (token bytes, rank = id), with tiktoken's semantics: a piece that is a token is
    /// that token, and any two adjacent parts whose bytes join into a token merge at that token's rank.</summary>
    public static BpeRanks FromTiktoken(IReadOnlyList<(byte[] Bytes, int Rank)> ranks)
    {
        var whole = new Dictionary<byte[], int>(ranks.Count, ByteSpanComparer.Instance);
        foreach (var (token, rank) in ranks) whole[token] = rank;
        var bytes = new byte[]?[whole.Count == 0 ? 0 : whole.Values.Max() + 1];
        foreach (var (token, rank) in whole) bytes[rank] = token;
        // No pair table: merging by the joined bytes' rank is tiktoken's own rule, and one lookup in the token table
        // per pair costs less than a pair table of every way to cut every token in two (several times larger, so
        // its lookups miss the CPU caches: the tokenize stage ran 1.6x slower with it).
        return new BpeRanks(bytes, ByteIds(bytes), [], whole);
    }

    private static int[] ByteIds(byte[]?[] tokens)
    {
        var ids = new int[256];
        Array.Fill(ids, -1);
        for (int id = 0; id < tokens.Length; id++)
            if (tokens[id] is { Length: 1 } single) ids[single[0]] = id;
        return ids;
    }

    /// <summary>Appends the ids of one piece: starting from its single bytes, repeatedly merge the adjacent pair of
    /// lowest rank (leftmost on ties) until no adjacent pair merges.</summary>
    public void Merge(ReadOnlySpan<byte> piece, List<int> output)
    {
        if (piece.Length == 0) return;
        if (piece.Length == 1) { output.Add(ByteId(piece[0])); return; }
        if (_wholePieces is { } whole)
        {
            if (whole.TryGetValue(piece, out int token)) output.Add(token);
            else MergeByBytes(piece, whole, output);
            return;
        }
        const int OnStack = 128;
        int[]? rentedParts = piece.Length > OnStack ? ArrayPool<int>.Shared.Rent(piece.Length) : null;
        long[]? rentedPairs = piece.Length > OnStack ? ArrayPool<long>.Shared.Rent(piece.Length) : null;
        Span<int> parts = (rentedParts ?? stackalloc int[OnStack])[..piece.Length];
        Span<long> pairs = (rentedPairs ?? stackalloc long[OnStack])[..piece.Length];
        for (int i = 0; i < parts.Length; i++) parts[i] = ByteId(piece[i]);
        int count = parts.Length;
        for (int i = 0; i + 1 < count; i++) pairs[i] = PairOf(parts[i], parts[i + 1]);
        while (count > 1)
        {
            int best = 0;
            for (int i = 1; i + 1 < count; i++)
                if (pairs[i] < pairs[best]) best = i;
            if (pairs[best] == long.MaxValue) break;
            parts[best] = (int)pairs[best];
            parts[(best + 2)..count].CopyTo(parts[(best + 1)..]);
            pairs[(best + 1)..(count - 1)].CopyTo(pairs[best..]);
            count--;
            if (best + 1 < count) pairs[best] = PairOf(parts[best], parts[best + 1]);
            if (best > 0) pairs[best - 1] = PairOf(parts[best - 1], parts[best]);
        }
        for (int i = 0; i < count; i++) output.Add(parts[i]);
        if (rentedParts is not null) ArrayPool<int>.Shared.Return(rentedParts);
        if (rentedPairs is not null) ArrayPool<long>.Shared.Return(rentedPairs);
    }

    /// <summary>tiktoken's merge: repeatedly join the adjacent parts whose joined bytes have the lowest rank
    /// (leftmost on ties) until no joined pair is a token; every part is then a token.</summary>
    private static void MergeByBytes(ReadOnlySpan<byte> piece, Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> ranks, List<int> output)
    {
        int[]? rented = piece.Length > 255 ? ArrayPool<int>.Shared.Rent((piece.Length + 1) * 2) : null;
        Span<int> buffer = rented ?? stackalloc int[512];
        Span<int> starts = buffer[..(piece.Length + 1)];
        Span<int> pairRanks = buffer.Slice(piece.Length + 1, piece.Length);
        int parts = piece.Length;
        for (int i = 0; i <= piece.Length; i++) starts[i] = i;
        for (int i = 0; i + 1 < parts; i++) pairRanks[i] = RankOf(ranks, piece[starts[i]..starts[i + 2]]);
        while (parts > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < parts; i++)
                if (pairRanks[i] < bestRank) { bestRank = pairRanks[i]; best = i; }
            if (best < 0) break;
            starts[(best + 2)..(parts + 1)].CopyTo(starts[(best + 1)..]);
            if (best + 1 < parts - 1) pairRanks[(best + 2)..(parts - 1)].CopyTo(pairRanks[(best + 1)..]);
            parts--;
            pairRanks[best] = best + 1 < parts ? RankOf(ranks, piece[starts[best]..starts[best + 2]]) : int.MaxValue;
            if (best > 0) pairRanks[best - 1] = RankOf(ranks, piece[starts[best - 1]..starts[best + 1]]);
        }
        for (int i = 0; i < parts; i++)
        {
            int rank = RankOf(ranks, piece[starts[i]..starts[i + 1]]);
            if (rank == int.MaxValue) throw new InvalidDataException("the ranks table lacks a single-byte token");
            output.Add(rank);
        }
        if (rented is not null) ArrayPool<int>.Shared.Return(rented);
    }

    private static int RankOf(Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> ranks, ReadOnlySpan<byte> bytes) =>
        ranks.TryGetValue(bytes, out int rank) ? rank : int.MaxValue;

    private int ByteId(byte value)
    {
        int id = _byteIds[value];
        return id >= 0 ? id : throw new InvalidDataException($"the vocabulary lacks the single-byte token 0x{value:x2}");
    }

    private long PairOf(int left, int right) => _merges.TryGetValue(Key(left, right), out long merge) ? merge : long.MaxValue;

    private static long Key(int high, int low) => ((long)high << 32) | (uint)low;

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
