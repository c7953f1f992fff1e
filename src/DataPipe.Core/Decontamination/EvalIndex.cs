using System.Numerics;
using System.Runtime.CompilerServices;

namespace DataPipe.Core.Decontamination;

/// <summary>What one eval n-gram points at: the first item that has it, and whether any item's copy spans its answer.</summary>
public readonly record struct NGramEntry(int Set, int Item, bool CoversAnswer);

/// <summary>Per eval set: how many items it has, how many were long enough to index, and its distinct n-grams.</summary>
public sealed record EvalSetStats(string Name, int Items, int ItemsIndexed, int NGrams);

/// <summary>
/// The eval side, in memory: every n-gram of every item (items shorter than <c>ngram</c> words but at least
/// <c>min_ngram</c> give one n-gram of their own length), keyed by hash. A bit set in front of the dictionary answers
/// most corpus lookups, which miss, from a few cache lines.
/// </summary>
public sealed class EvalIndex
{
    private readonly Dictionary<ulong, NGramEntry> _entries;
    private readonly ulong[] _filter;
    private readonly int _filterShift;

    private EvalIndex(Dictionary<ulong, NGramEntry> entries, int[] lengths, IReadOnlyList<EvalSetStats> sets,
        IReadOnlyList<IReadOnlyList<EvalItem>> items)
    {
        _entries = entries;
        Lengths = lengths;
        Powers = lengths.Select(WordBuffer.Power).ToArray();
        Sets = sets;
        Items = items;
        int bits = Math.Clamp(BitOperations.Log2((uint)Math.Max(1, entries.Count)) + 5, 12, 28);
        _filter = new ulong[1 << (bits - 6)];
        _filterShift = 64 - bits;
        foreach (var hash in entries.Keys) _filter[(hash >> _filterShift) >> 6] |= 1UL << (int)(hash >> _filterShift);
    }

    /// <summary>The n-gram lengths present, longest first.</summary>
    public int[] Lengths { get; }

    /// <summary><see cref="WordBuffer.Base"/> raised to each of <see cref="Lengths"/>.</summary>
    public ulong[] Powers { get; }

    public IReadOnlyList<EvalSetStats> Sets { get; }

    public IReadOnlyList<IReadOnlyList<EvalItem>> Items { get; }

    public int Count => _entries.Count;

    public IEnumerable<ulong> Hashes => _entries.Keys;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong hash, out NGramEntry entry)
    {
        ulong slot = hash >> _filterShift;
        if ((_filter[slot >> 6] & (1UL << (int)slot)) == 0)
        {
            entry = default;
            return false;
        }
        return _entries.TryGetValue(hash, out entry);
    }

    /// <summary>The same index without the given n-grams (those frequent in the corpus).</summary>
    public EvalIndex Without(IReadOnlySet<ulong> hashes)
    {
        var kept = new Dictionary<ulong, NGramEntry>(_entries.Count);
        foreach (var (hash, entry) in _entries)
            if (!hashes.Contains(hash)) kept.Add(hash, entry);
        return new EvalIndex(kept, Lengths, Sets, Items);
    }

    public static EvalIndex Build(IReadOnlyList<(string Name, List<EvalItem> Items)> sets, int ngram, int minNGram, WordNormalization normalization)
    {
        var entries = new Dictionary<ulong, NGramEntry>();
        var lengths = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        var stats = new List<EvalSetStats>();
        var words = new WordBuffer();
        var powers = new Dictionary<int, ulong>();
        for (int s = 0; s < sets.Count; s++)
        {
            var distinct = new HashSet<ulong>();
            int indexed = 0;
            foreach (var item in sets[s].Items)
            {
                NormalizedWords.Split(item.Text, normalization, words);
                int length = words.Count >= ngram ? ngram : words.Count >= minNGram ? words.Count : 0;
                if (length == 0) continue;
                indexed++;
                lengths.Add(length);
                if (!powers.TryGetValue(length, out ulong power)) powers[length] = power = WordBuffer.Power(length);
                int firstAnswerWord = FirstWordAtOrAfter(words, item.AnswerStart);
                for (int i = 0; i + length <= words.Count; i++)
                {
                    ulong hash = words.NGram(i, length, power);
                    bool covers = i + length - 1 >= firstAnswerWord;
                    distinct.Add(hash);
                    if (entries.TryGetValue(hash, out var existing))
                    {
                        if (covers && !existing.CoversAnswer) entries[hash] = existing with { CoversAnswer = true };
                    }
                    else entries.Add(hash, new NGramEntry(item.Set, item.Index, covers));
                }
            }
            stats.Add(new EvalSetStats(sets[s].Name, sets[s].Items.Count, indexed, distinct.Count));
        }
        return new EvalIndex(entries, lengths.ToArray(), stats, sets.Select(s => (IReadOnlyList<EvalItem>)s.Items).ToList());
    }

    /// <summary>Index of the first word of the answer; 0 when the whole item is the answer.</summary>
    private static int FirstWordAtOrAfter(WordBuffer words, int? answerStart)
    {
        if (answerStart is not { } at) return 0;
        for (int w = 0; w < words.Count; w++)
            if (words.Start(w) >= at) return w;
        return words.Count;
    }
}
