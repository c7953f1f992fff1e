using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DataPipe.Core.Hashing;

namespace DataPipe.Core.Filters.Text;

/// <summary>
/// Word n-gram statistics for the Gopher repetition rules, keyed by 64-bit hashes instead of strings. A polynomial
/// prefix hash over the words concatenated without separator gives the key of any run of words in O(1), which is
/// exactly the identity datatrove uses for duplicated n-grams ("ab"+"c" equals "a"+"bc"); top n-grams are joined
/// with spaces, so their key mixes per-word hashes instead.
/// </summary>
public sealed class NGramStats
{
    private const ulong Base = 0x100000001B3UL * 2 + 1;

    private readonly HashCounts _counts = new();
    private ulong[] _prefix = new ulong[256];
    private ulong[] _power = new ulong[256];
    private ulong[] _wordPrefix = new ulong[256];
    private int[] _wordLength = new int[256];
    private int[] _offset = new int[256];
    private int _words;
    private int _powers;                    // how many of _power are computed (kept across documents)
    private double _topBoundUnit;           // max per-bucket word sum, taken in Load
    private int[] _buckets = new int[1024];
    private ulong[] _seen = new ulong[1024];
    private int _dupBoundN;                 // the n the duplicate bound was taken for (0 = not yet)
    private double _dupBound;
    private int _repeatFreeAt;              // smallest n known to have no repeated n-gram

    public NGramStats Load(ReadOnlySpan<char> text, WordTokens words)
    {
        _words = words.Count;
        _repeatFreeAt = int.MaxValue;
        _dupBoundN = 0;
        Ensure(ref _prefix, _words + 1);
        Ensure(ref _wordPrefix, _words + 1);
        Ensure(ref _wordLength, _words);
        Ensure(ref _offset, _words + 1);
        EnsurePowers(text.Length + 1);
        ulong h = 0;
        int offset = 0;
        bool pairs = PyText.HasLowSurrogates(text);
        _wordPrefix[0] = 0;
        // The top n-gram bound's per-bucket sums ride along: the word hash is at hand here.
        int buckets = BucketCount(_words);
        Ensure(ref _buckets, buckets);
        var sums = _buckets.AsSpan(0, buckets);
        sums.Clear();
        int best = 0;
        var starts = words.Starts;
        var lengths = words.Lengths;
        for (int i = 0; i < starts.Length; i++)
        {
            int start = starts[i], chars = lengths[i];
            _prefix[i] = h;
            _offset[i] = offset;
            ulong wordHash = WordHash(text, start, chars);
            h = h * _power[chars] + wordHash;
            offset += chars;
            ulong mixed = BitMixer.Mix(wordHash ^ ((ulong)chars << 48));
            _wordPrefix[i + 1] = _wordPrefix[i] * WordBase + mixed;
            int length = pairs ? PyText.Length(text.Slice(start, chars)) : chars;
            _wordLength[i] = length;
            ref int sum = ref sums[(int)(mixed >> 40) & (buckets - 1)];
            sum += length + 1;
            if (sum > best) best = sum;
        }
        _topBoundUnit = best;
        _prefix[_words] = h;
        _offset[_words] = offset;
        return this;
    }

    /// <summary>
    /// The polynomial hash (base <see cref="Base"/>) of the word's UTF-16 units, four units per 8-byte read: a loop
    /// per unit is one long multiply chain, four units make independent multiplies. The first read ends
    /// where the first group of up to four units ends, and the units before the word that it also reads are masked
    /// off, which leaves exactly the polynomial of the word's leading units.
    /// </summary>
    private static ulong WordHash(ReadOnlySpan<char> text, int start, int length)
    {
        int lead = ((length - 1) & 3) + 1;
        if (start + lead < 4)
        {
            ulong slow = 0;
            foreach (char c in text.Slice(start, length)) slow = slow * Base + c;
            return slow;
        }
        ref byte units = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
        ulong hash = FourUnits(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref units, 2 * (start + lead - 4))) & (ulong.MaxValue << (16 * (4 - lead))));
        for (int at = start + lead; at < start + length; at += 4)
            hash = hash * Base4 + FourUnits(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref units, 2 * at)));
        return hash;
    }

    /// <summary>u0·B³ + u1·B² + u2·B + u3 for the four UTF-16 units of a little-endian read.</summary>
    private static ulong FourUnits(ulong four) =>
        (four & 0xFFFF) * Base3 + ((four >> 16) & 0xFFFF) * Base2 + ((four >> 32) & 0xFFFF) * Base + (four >> 48);

    private const ulong Base2 = unchecked(Base * Base);
    private const ulong Base3 = unchecked(Base2 * Base);
    private const ulong Base4 = unchecked(Base3 * Base);

    /// <summary>Length (code points, spaces included) × count of the most frequent n-gram; ties go to the first seen
    /// (Python's <c>Counter.most_common</c>). One pass: the table remembers where each n-gram first appeared.</summary>
    public double TopNGramChars(int n)
    {
        if (_words < n) return 0;
        _counts.Reset(_words);
        int best = 0, bestFirst = 0;
        for (int i = 0; i + n <= _words; i++)
        {
            int count = _counts.Increment(JoinedKey(i, n), i, out int first);
            if (count > best || (count == best && first < bestFirst)) (best, bestFirst) = (count, first);
        }
        int chars = n - 1;
        for (int k = bestFirst; k < bestFirst + n; k++) chars += _wordLength[k];
        return (double)chars * best;
    }

    /// <summary>
    /// An upper bound on <see cref="TopNGramChars"/>, taken during <see cref="Load"/>: an n-gram occurs no more often
    /// than any of its words, so count × length ≤ n × max over words of count × (length + 1). Summed per bucket of
    /// word hashes, which over-counts only where words share a bucket, so the largest bucket still bounds every
    /// word's value with no keys to store or compare. On ordinary text it is far below the Gopher thresholds, so the
    /// n-gram counts need not be taken at all.
    /// </summary>
    public double TopNGramCharsBound(int n) => n * _topBoundUnit;

    /// <summary>A power of two ≥ 4 × the word count (at least 1,024): few distinct words share a bucket.</summary>
    private static int BucketCount(int words) => (int)Math.Max(1024, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, words) * 4));

    /// <summary>
    /// An upper bound on <see cref="DuplicateNGramChars"/> for <paramref name="n"/> and every larger n, from one pass
    /// over all positions: the characters of the words covered by any later occurrence of an n-gram. The walk counts
    /// a subset of those occurrences without overlap, and a repeated longer n-gram starts with a repeated n-gram (the
    /// same caveat as <see cref="SkipAfterRepeatFree"/>). Most pages repeat a few phrases at most, far below the
    /// thresholds, so the six walks need not run.
    /// </summary>
    public double DuplicateNGramCharsBound(int n)
    {
        if (_dupBoundN > 0 && _dupBoundN <= n) return _dupBound;
        // "Seen before" from a bit set of key hashes: a false hit only adds characters, so the bound stays a bound,
        // and a bit test is cheaper than a table probe.
        int bits = BucketCount(_words) * 16;
        Ensure(ref _seen, bits / 64);
        var seen = _seen.AsSpan(0, bits / 64);
        seen.Clear();
        long covered = 0;
        int coveredUntil = 0;
        for (int i = 0; i + n <= _words; i++)
        {
            int bit = (int)(ConcatKey(i, n) * 0x9E3779B97F4A7C15UL >> 40) & (bits - 1);
            ref ulong word = ref seen[bit >> 6];
            ulong mask = 1UL << (bit & 63);
            if ((word & mask) == 0)
            {
                word |= mask;
                continue;
            }
            for (int k = Math.Max(i, coveredUntil); k < i + n; k++) covered += _wordLength[k];
            coveredUntil = i + n;
        }
        (_dupBoundN, _dupBound) = (n, covered);
        // No hit at all means no repeated key: false hits can only add.
        if (covered == 0) _repeatFreeAt = Math.Min(_repeatFreeAt, n);
        return covered;
    }

    /// <summary>
    /// When true (the default), once the walk for some n finds no repeated n-gram, larger n report 0 without walking.
    /// A repeated (n+1)-gram contains a repeated n-gram at its start or its end unless the same characters are split
    /// into words differently at both ends (keys join words without a separator, as datatrove's do), which natural
    /// text practically never does; <c>SampleFilterAndPiiTests</c> checks the shortcut changes no value on the sample
    /// corpus.
    /// </summary>
    public bool SkipAfterRepeatFree { get; set; } = true;

    /// <summary>Characters in repeated n-grams, skipping ahead by n after each repeat (datatrove's walk).</summary>
    public double DuplicateNGramChars(int n)
    {
        if (SkipAfterRepeatFree && n > _repeatFreeAt) return 0;
        _counts.Reset(_words);
        long repeated = 0;
        int i = 0;
        while (i + n <= _words)
        {
            if (!_counts.Add(ConcatKey(i, n)))
            {
                for (int k = i; k < i + n; k++) repeated += _wordLength[k];
                i += n;
            }
            else
            {
                i++;
            }
        }
        if (repeated == 0) _repeatFreeAt = Math.Min(_repeatFreeAt, n);
        return repeated;
    }

    private ulong ConcatKey(int i, int n)
    {
        int length = _offset[i + n] - _offset[i];
        ulong h = _prefix[i + n] - _prefix[i] * _power[length];
        return h ^ ((ulong)length * 0x9E3779B97F4A7C15UL);
    }

    /// <summary>A polynomial over the words' own hashes (a prefix difference, O(1) per n-gram), so words are
    /// compared whole, as the space-joined n-gram strings are.</summary>
    private ulong JoinedKey(int i, int n) => BitMixer.Mix(_wordPrefix[i + n] - _wordPrefix[i] * WordPowers[n]) ^ (ulong)n;

    private const ulong WordBase = 0x9E3779B97F4A7C15UL;

    private static readonly ulong[] WordPowers = BuildWordPowers(64);

    private static ulong[] BuildWordPowers(int count)
    {
        var powers = new ulong[count + 1];
        powers[0] = 1;
        for (int i = 1; i <= count; i++) powers[i] = powers[i - 1] * WordBase;
        return powers;
    }

    /// <summary>Powers of the character base, kept across documents and only ever extended.</summary>
    private void EnsurePowers(int count)
    {
        if (_powers >= count) return;
        if (_power.Length < count)
        {
            Ensure(ref _power, count); // a fresh array: everything is computed again
            _powers = 0;
        }
        _power[0] = 1;
        for (int i = Math.Max(1, _powers); i < count; i++) _power[i] = _power[i - 1] * Base;
        _powers = count;
    }

    private static void Ensure<T>(ref T[] array, int size)
    {
        if (array.Length < size) array = new T[Math.Max(size, array.Length * 2)];
    }
}
