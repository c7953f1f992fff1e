using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DataPipe.Core.Hashing;

namespace DataPipe.Core.Filters.Text;

/// <summary>
/// A document's words as n-gram keys for the Gopher repetition rules: 64-bit hashes instead of strings. A polynomial
/// prefix hash over the words concatenated without separator gives the key of any run of words in O(1), which is
/// exactly the identity datatrove uses for duplicated n-grams ("ab"+"c" equals "a"+"bc"); top n-grams are joined
/// with spaces, so their key mixes per-word hashes instead. <see cref="Exact"/> computes the rules' statistics from
/// these keys and <see cref="Bounds"/> cheap upper bounds that let most documents skip them.
/// </summary>
public sealed class NGramKeys
{
    private const ulong Base = 0x100000001B3UL * 2 + 1;
    internal const ulong WordBase = 0x9E3779B97F4A7C15UL;

    private ulong[] _prefix = new ulong[256];
    private ulong[] _power = new ulong[256];
    private ulong[] _wordPrefix = new ulong[256];
    private int[] _wordLength = new int[256];
    private int[] _offset = new int[256];
    private int _powers;                    // how many of _power are computed (kept across documents)

    public NGramKeys()
    {
        Exact = new NGramCounts(this);
        Bounds = new NGramBounds(this);
    }

    /// <summary>The statistics the rules compare with their thresholds, exactly as datatrove computes them.</summary>
    public NGramCounts Exact { get; }

    /// <summary>Upper bounds on <see cref="Exact"/>'s values, far cheaper to take.</summary>
    public NGramBounds Bounds { get; }

    /// <summary>Words of the loaded document.</summary>
    public int Words { get; private set; }

    /// <summary>The smallest n known to have no repeated n-gram in the loaded document (int.MaxValue: none known);
    /// the exact walks and the bounds both learn it.</summary>
    internal int RepeatFreeAt { get; set; }

    public NGramKeys Load(ReadOnlySpan<char> text, WordTokens words)
    {
        Words = words.Count;
        RepeatFreeAt = int.MaxValue;
        Bounds.Reset();
        Ensure(ref _prefix, Words + 1);
        Ensure(ref _wordPrefix, Words + 1);
        Ensure(ref _wordLength, Words);
        Ensure(ref _offset, Words + 1);
        EnsurePowers(text.Length + 1);
        ulong h = 0;
        int offset = 0;
        bool pairs = PyText.HasLowSurrogates(text);
        _wordPrefix[0] = 0;
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
            _wordPrefix[i + 1] = _wordPrefix[i] * WordBase + MixedWordHash(wordHash, chars);
            _wordLength[i] = pairs ? PyText.Length(text.Slice(start, chars)) : chars;
        }
        _prefix[Words] = h;
        _offset[Words] = offset;
        return this;
    }

    /// <summary>Code points of word <paramref name="k"/>.</summary>
    internal int WordLength(int k) => _wordLength[k];

    /// <summary>Word <paramref name="k"/>'s own hash (its length mixed in): the step of the joined keys.</summary>
    internal ulong WordKey(int k) => _wordPrefix[k + 1] - _wordPrefix[k] * WordBase;

    private static ulong MixedWordHash(ulong wordHash, int chars) => BitMixer.Mix(wordHash ^ ((ulong)chars << 48));

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

    /// <summary>The key of the n words at <paramref name="i"/> concatenated without separator (duplicated n-grams).</summary>
    internal ulong ConcatKey(int i, int n)
    {
        int length = _offset[i + n] - _offset[i];
        ulong h = _prefix[i + n] - _prefix[i] * _power[length];
        return h ^ ((ulong)length * 0x9E3779B97F4A7C15UL);
    }

    /// <summary>The key of the n words at <paramref name="i"/> joined with spaces (top n-grams): a polynomial over the
    /// words' own hashes (a prefix difference, O(1) per n-gram), so words are compared whole, as the n-gram strings are.</summary>
    internal ulong JoinedKey(int i, int n) => BitMixer.Mix(_wordPrefix[i + n] - _wordPrefix[i] * WordPowers[n]) ^ (ulong)n;

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

    internal static void Ensure<T>(ref T[] array, int size)
    {
        if (array.Length < size) array = new T[Math.Max(size, array.Length * 2)];
    }
}
