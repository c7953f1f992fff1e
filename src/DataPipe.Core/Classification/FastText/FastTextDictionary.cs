using System.Numerics;
using System.Text;

namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// A model's dictionary: its words (ids 0..nwords-1) then its labels, each entry's byte string, count and type; the
/// character n-grams of every in-vocabulary word, precomputed as fastText's <c>initNgrams</c> does; and, for a
/// pruned (<c>.ftz</c>) model, the map from n-gram bucket to the input-matrix row that survived pruning.
/// Read-only after load, so shared by all threads.
/// </summary>
public sealed class FastTextDictionary
{
    public const string EndOfSentence = "</s>";
    public const string LabelPrefix = "__label__";
    public const byte BeginOfWord = (byte)'<';
    public const byte EndOfWord = (byte)'>';

    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly uint[] _hashes;
    private readonly bool[] _isLabel;
    private readonly long[] _counts;
    private readonly int[] _table;
    private readonly int _tableMask;
    private readonly int[] _subwordStart;
    private readonly int[] _subwords;
    private readonly int[]? _pruneMap;
    private readonly string[] _labelNames;

    private FastTextDictionary(FastTextArgs args, int nwords, long ntokens, byte[] bytes, int[] offsets, bool[] isLabel, long[] counts,
        long pruneSize, IReadOnlyDictionary<int, int> pruneIndex)
    {
        Args = args;
        WordCount = nwords;
        TokenCount = ntokens;
        _bytes = bytes;
        _offsets = offsets;
        _isLabel = isLabel;
        _counts = counts;
        PruneSize = pruneSize;
        PruneIndex = pruneIndex;
        int size = offsets.Length - 1;

        _hashes = new uint[size];
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, size * 2));
        _table = new int[capacity];
        _tableMask = capacity - 1;
        Array.Fill(_table, -1);
        for (int i = 0; i < size; i++)
        {
            uint h = FastTextHash.Hash(Entry(i));
            _hashes[i] = h;
            int slot = (int)(h & (uint)_tableMask);
            // fastText keeps the last of equal entries (word2int_ is overwritten in order); so do we.
            while (_table[slot] >= 0 && !Entry(_table[slot]).SequenceEqual(Entry(i))) slot = (slot + 1) & _tableMask;
            _table[slot] = i;
        }

        if (pruneSize > 0 && args.Bucket > 0)
        {
            // A dense bucket → row map: one array read per n-gram instead of a hash lookup.
            _pruneMap = new int[args.Bucket];
            Array.Fill(_pruneMap, -1);
            foreach (var (from, to) in pruneIndex)
                if ((uint)from < (uint)args.Bucket) _pruneMap[from] = to;
        }

        var subwords = new IdBuffer(size * 4 + 16);
        _subwordStart = new int[size + 1];
        byte[] scratch = new byte[64];
        for (int i = 0; i < size; i++)
        {
            _subwordStart[i] = subwords.Count;
            subwords.Add(i);
            ReadOnlySpan<byte> entry = Entry(i);
            if (entry.SequenceEqual("</s>"u8)) continue;
            if (scratch.Length < entry.Length + 2) scratch = new byte[entry.Length * 2 + 2];
            int n = WithBoundaries(entry, scratch);
            AddCharNgrams(scratch.AsSpan(0, n), subwords);
        }
        _subwordStart[size] = subwords.Count;
        _subwords = subwords.Span.ToArray();
        subwords.Dispose();

        _labelNames = new string[size - nwords];
        for (int i = 0; i < _labelNames.Length; i++) _labelNames[i] = Encoding.UTF8.GetString(Entry(nwords + i));
    }

    public FastTextArgs Args { get; }
    public int Size => _offsets.Length - 1;
    public int WordCount { get; }
    public int LabelCount => Size - WordCount;
    public long TokenCount { get; }

    /// <summary>-1: not pruned; otherwise the number of n-gram buckets kept (0 keeps none).</summary>
    public long PruneSize { get; }

    public IReadOnlyDictionary<int, int> PruneIndex { get; }

    public ReadOnlySpan<byte> Entry(int id) => _bytes.AsSpan(_offsets[id], _offsets[id + 1] - _offsets[id]);

    public bool IsLabel(int id) => _isLabel[id];

    public long Count(int id) => _counts[id];

    /// <summary>The label's full name, e.g. <c>__label__en</c>.</summary>
    public string LabelName(int label) => _labelNames[label];

    /// <summary>Counts of the labels in label order (the hierarchical softmax builds its Huffman tree from them).</summary>
    public long[] LabelCounts() => _counts.AsSpan(WordCount).ToArray();

    /// <summary>The entry id of <paramref name="word"/> (whose <see cref="FastTextHash"/> is <paramref name="hash"/>), or -1.</summary>
    public int Find(ReadOnlySpan<byte> word, uint hash)
    {
        int slot = (int)(hash & (uint)_tableMask);
        while (true)
        {
            int id = _table[slot];
            if (id < 0) return -1;
            if (_hashes[id] == hash && Entry(id).SequenceEqual(word)) return id;
            slot = (slot + 1) & _tableMask;
        }
    }

    /// <summary>The input rows of an in-vocabulary entry: itself, then its character n-grams.</summary>
    public ReadOnlySpan<int> Subwords(int id) => _subwords.AsSpan(_subwordStart[id], _subwordStart[id + 1] - _subwordStart[id]);

    /// <summary>Writes <c>&lt;word&gt;</c> into <paramref name="into"/> and returns its length.</summary>
    public static int WithBoundaries(ReadOnlySpan<byte> word, Span<byte> into)
    {
        into[0] = BeginOfWord;
        word.CopyTo(into[1..]);
        into[word.Length + 1] = EndOfWord;
        return word.Length + 2;
    }

    /// <summary>
    /// fastText's <c>computeSubwords</c> on a bounded word: every run of minn..maxn code points (UTF-8 continuation
    /// bytes never start one), except the lone boundary characters, hashed into a bucket. Each n-gram's hash grows
    /// with it, so no n-gram is ever copied.
    /// </summary>
    public void AddCharNgrams(ReadOnlySpan<byte> bounded, IdBuffer ids)
    {
        int minn = Args.MinN, maxn = Args.MaxN;
        if (maxn <= 0) return;
        uint bucket = (uint)Args.Bucket;
        for (int i = 0; i < bounded.Length; i++)
        {
            if ((bounded[i] & 0xC0) == 0x80) continue;
            uint h = FastTextHash.Seed;
            int j = i;
            for (int n = 1; j < bounded.Length && n <= maxn; n++)
            {
                h = FastTextHash.Step(h, bounded[j++]);
                while (j < bounded.Length && (bounded[j] & 0xC0) == 0x80) h = FastTextHash.Step(h, bounded[j++]);
                if (n >= minn && !(n == 1 && (i == 0 || j == bounded.Length))) PushBucket((int)(h % bucket), ids);
            }
        }
    }

    /// <summary>fastText's <c>addWordNgrams</c>: hashes of 2..n consecutive words (sign-extended, as its int32 vector does).</summary>
    public void AddWordNgrams(ReadOnlySpan<int> wordHashes, IdBuffer ids)
    {
        int n = Args.WordNgrams;
        if (n <= 1) return;
        ulong bucket = (ulong)Args.Bucket;
        for (int i = 0; i < wordHashes.Length; i++)
        {
            ulong h = (ulong)(long)wordHashes[i];
            for (int j = i + 1; j < wordHashes.Length && j < i + n; j++)
            {
                h = h * 116049371 + (ulong)(long)wordHashes[j];
                PushBucket((int)(h % bucket), ids);
            }
        }
    }

    /// <summary>fastText's <c>pushHash</c>: a bucket becomes input row nwords + bucket, through the prune map if any.</summary>
    public void PushBucket(int bucket, IdBuffer ids)
    {
        if (PruneSize == 0 || bucket < 0) return;
        if (PruneSize > 0)
        {
            if (_pruneMap is null || (uint)bucket >= (uint)_pruneMap.Length) return;
            bucket = _pruneMap[bucket];
            if (bucket < 0) return;
        }
        ids.Add(WordCount + bucket);
    }

    /// <summary>A dictionary built by training (not pruned): entries words first, then labels, each with its count.</summary>
    internal static FastTextDictionary Create(FastTextArgs args, int nwords, long ntokens, byte[] bytes, int[] offsets, bool[] isLabel, long[] counts) =>
        new(args, nwords, ntokens, bytes, offsets, isLabel, counts, -1, new Dictionary<int, int>());

    internal static FastTextDictionary Read(FastTextReader reader, FastTextArgs args)
    {
        int size = reader.Int32();
        int nwords = reader.Int32();
        int nlabels = reader.Int32();
        long ntokens = reader.Int64();
        long pruneSize = reader.Int64();
        if (size < 0 || nwords < 0 || nlabels < 0 || (long)nwords + nlabels != size)
            throw reader.Invalid($"dictionary of {size} entries claims {nwords} words and {nlabels} labels");
        var bytes = new List<byte>();
        var offsets = new int[size + 1];
        var isLabel = new bool[size];
        var counts = new long[size];
        for (int i = 0; i < size; i++)
        {
            offsets[i] = bytes.Count;
            reader.CString(bytes);
            counts[i] = reader.Int64();
            byte type = reader.Byte();
            if (type > 1) throw reader.Invalid($"dictionary entry {i} has type {type}");
            isLabel[i] = type == 1;
            if (isLabel[i] != (i >= nwords)) throw reader.Invalid($"dictionary entry {i} is out of order (words come before labels)");
        }
        offsets[size] = bytes.Count;
        var prune = new Dictionary<int, int>();
        for (long i = 0; i < pruneSize; i++) prune[reader.Int32()] = reader.Int32();
        return new FastTextDictionary(args, nwords, ntokens, bytes.ToArray(), offsets, isLabel, counts, pruneSize, prune);
    }
}
