using System.Text;

namespace DataPipe.Core.Tokenization.Bpe;

/// <summary>
/// Byte-level BPE training as in GPT-2, on distinct pre-token counts. Pair counts are kept up to date incrementally:
/// a merge only revisits the words that contain its pair, and a max-heap with lazy re-insertion picks the next pair
/// (never a full recount). Ties go to the smaller (left, right) id pair, so the result is deterministic.
/// </summary>
public sealed class BpeTrainer(BpeTrainerOptions options)
{
    public sealed record Statistics(long Documents, long Bytes, int DistinctWords, int Merges);

    public Statistics? LastRun { get; private set; }

    public BpeVocabulary Train(IEnumerable<string> texts)
    {
        options.Validate();
        var counted = WordCounter.Count(texts, options.PreTokenizer, options.Threads, options.ByteBudget);
        var vocabulary = Train(counted.Words);
        LastRun = new Statistics(counted.Documents, counted.Bytes, counted.Words.Count, vocabulary.Merges.Count);
        return vocabulary;
    }

    public BpeVocabulary Train(IReadOnlyDictionary<string, long> wordCounts)
    {
        options.Validate();
        var words = wordCounts.Keys.Order(StringComparer.Ordinal).ToArray();
        var symbols = new int[words.Length][];
        var counts = new long[words.Length];
        for (int w = 0; w < words.Length; w++)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(words[w]);
            symbols[w] = Array.ConvertAll(utf8, b => (int)b);
            counts[w] = wordCounts[words[w]];
        }
        var merges = new MergeLoop(symbols, counts, options.MinFrequency)
            .Run(options.VocabSize - 256 - options.SpecialTokens.Count);
        return new BpeVocabulary(merges, options.SpecialTokens, options.PreTokenizer);
    }

    private sealed class MergeLoop
    {
        private readonly int[][] _symbols;
        private readonly long[] _counts;
        private readonly long _minFrequency;
        private readonly Dictionary<long, long> _pairCounts = new();
        private readonly Dictionary<long, List<int>> _where = new();
        private readonly PriorityQueue<long, (long Count, long Key)> _heap = new(HeapOrder.Instance);
        private readonly List<byte[]> _tokenBytes = new();
        private readonly HashSet<string> _tokenSet = new(StringComparer.Ordinal);

        public MergeLoop(int[][] symbols, long[] counts, long minFrequency)
        {
            _symbols = symbols;
            _counts = counts;
            _minFrequency = minFrequency;
            for (int b = 0; b < 256; b++) AddToken([(byte)b]);
            for (int w = 0; w < symbols.Length; w++)
            {
                var s = symbols[w];
                for (int i = 0; i + 1 < s.Length; i++)
                {
                    long key = Key(s[i], s[i + 1]);
                    _pairCounts[key] = _pairCounts.GetValueOrDefault(key) + counts[w];
                    Where(key).Add(w);
                }
            }
            foreach (var (key, count) in _pairCounts) _heap.Enqueue(key, (count, key));
        }

        public List<(int, int)> Run(int maxMerges)
        {
            var merges = new List<(int, int)>();
            var changed = new HashSet<long>();
            while (merges.Count < maxMerges && _heap.TryDequeue(out long key, out var priority))
            {
                long current = _pairCounts.GetValueOrDefault(key);
                if (current != priority.Count)
                {
                    if (current > 0) _heap.Enqueue(key, (current, key));
                    continue;
                }
                if (current < _minFrequency) break;
                int left = (int)(key >> 32), right = (int)key;
                byte[] merged = [.. _tokenBytes[left], .. _tokenBytes[right]];
                // A token string made a second time (from another split) would break id == merge priority.
                if (!AddToken(merged)) continue;
                int id = _tokenBytes.Count - 1;
                merges.Add((left, right));
                changed.Clear();
                ApplyMerge(key, left, right, id, changed);
                // Only pairs holding the new token can have grown; every other pair only shrank (lazy re-insertion).
                foreach (long pair in changed)
                {
                    if (_pairCounts.TryGetValue(pair, out long n)) _heap.Enqueue(pair, (n, pair));
                }
            }
            return merges;
        }

        private void ApplyMerge(long key, int left, int right, int id, HashSet<long> changed)
        {
            var affected = _where[key];
            _where.Remove(key);
            affected.Sort();
            int previous = -1;
            foreach (int w in affected)
            {
                if (w == previous) continue;
                previous = w;
                var s = _symbols[w];
                int found = IndexOfPair(s, left, right);
                if (found < 0) continue;
                long count = _counts[w];
                for (int i = 0; i + 1 < s.Length; i++) Adjust(Key(s[i], s[i + 1]), -count);
                var next = new List<int>(s.Length - 1);
                for (int i = 0; i < s.Length; i++)
                {
                    if (i + 1 < s.Length && s[i] == left && s[i + 1] == right) { next.Add(id); i++; }
                    else next.Add(s[i]);
                }
                var merged = next.ToArray();
                _symbols[w] = merged;
                for (int i = 0; i + 1 < merged.Length; i++)
                {
                    long pair = Key(merged[i], merged[i + 1]);
                    Adjust(pair, count);
                    if (merged[i] == id || merged[i + 1] == id)
                    {
                        Where(pair).Add(w);
                        changed.Add(pair);
                    }
                }
            }
        }

        private static int IndexOfPair(int[] s, int left, int right)
        {
            for (int i = 0; i + 1 < s.Length; i++)
                if (s[i] == left && s[i + 1] == right) return i;
            return -1;
        }

        private void Adjust(long key, long delta)
        {
            long n = _pairCounts.GetValueOrDefault(key) + delta;
            if (n == 0) _pairCounts.Remove(key);
            else _pairCounts[key] = n;
        }

        private List<int> Where(long key)
        {
            if (!_where.TryGetValue(key, out var list)) _where[key] = list = new List<int>(2);
            return list;
        }

        private bool AddToken(byte[] bytes)
        {
            if (!_tokenSet.Add(Encoding.Latin1.GetString(bytes))) return false;
            _tokenBytes.Add(bytes);
            return true;
        }

        private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
    }

    /// <summary>Highest count first; ties to the smaller pair key.</summary>
    private sealed class HeapOrder : IComparer<(long Count, long Key)>
    {
        public static readonly HeapOrder Instance = new();

        public int Compare((long Count, long Key) x, (long Count, long Key) y)
        {
            int byCount = y.Count.CompareTo(x.Count);
            return byCount != 0 ? byCount : x.Key.CompareTo(y.Key);
        }
    }
}
