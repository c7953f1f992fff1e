using System.Globalization;
using System.Numerics;
using System.Text;
using DataPipe.Core.Hashing;

namespace DataPipe.Core.Dedup.Normalization;

/// <summary>
/// Word n-gram shingles of text normalized as datatrove's <c>simplify_text</c> does: lower-case, digit runs → 0,
/// punctuation and symbols → space, whitespace collapsed, diacritics removed. Normalization, word splitting and
/// hashing run in one pass over the characters through a 64K-entry folding table, so nothing is allocated per
/// word or per shingle: each shingle is a 64-bit hash of its n word hashes.
/// </summary>
public static partial class ShingleHasher
{
    private const char Separator = ' ';
    private const char Deleted = '\0';
    private const char Digit = '\u0001';

    /// <summary>Folded form of every UTF-16 code unit (surrogates pass through unchanged).</summary>
    private static readonly char[] Fold = BuildFoldTable();

    private static char[] BuildFoldTable()
    {
        var table = new char[65536];
        for (int i = 0; i < table.Length; i++) table[i] = FoldChar((char)i);
        return table;
    }

    /// <summary>What normalization makes of one code unit: <see cref="Separator"/>, <see cref="Deleted"/>,
    /// <see cref="Digit"/> or the lower-case letter without accents.</summary>
    private static char FoldChar(char c)
    {
        if (char.IsSurrogate(c)) return c;
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (char.IsWhiteSpace(c) || char.IsControl(c) || char.IsPunctuation(c) || char.IsSymbol(c)) return Separator;
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format) return Deleted;
        if (category == UnicodeCategory.DecimalDigitNumber) return Digit;
        char lower = char.ToLowerInvariant(c);
        char base0 = BaseLetter(lower);
        return CharUnicodeInfo.GetUnicodeCategory(base0) == UnicodeCategory.NonSpacingMark ? lower : base0;
    }

    /// <summary>The first code unit of the NFD form (the letter without its accents); unassigned code points,
    /// which NFD rejects, stay as they are.</summary>
    private static char BaseLetter(char c)
    {
        if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherNotAssigned) return c;
        try
        {
            string decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            if (decomposed.Length > 0) return decomposed[0];
        }
        catch (ArgumentException)
        {
        }
        return c;
    }

    /// <summary>Writes one 64-bit hash per word n-gram into <paramref name="buffer"/> (grown when needed, never per
    /// shingle) and returns how many. Texts with fewer than <paramref name="n"/> words have no shingle.</summary>
    public static int Compute(ReadOnlySpan<char> text, int n, ref ulong[] buffer)
    {
        var shingles = new ShingleWriter(stackalloc ulong[RingSize(n)], n, buffer);
        // The running word hash and flags stay plain locals (in registers): nothing takes their address.
        ulong h = FnvOffset;
        bool inWord = false, lastDigit = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char m = Fold[c];
            if (m == Separator)
            {
                // "3.14" and "1,000" are one number (datatrove: a digit run, one separator, more digits → 0).
                if (lastDigit && (c is '.' or ',' or '\u060C' or '\u066B') && i + 1 < text.Length && Fold[text[i + 1]] == Digit) continue;
                if (inWord)
                {
                    shingles.EndWord(h);
                    (h, inWord) = (FnvOffset, false);
                }
                lastDigit = false;
                continue;
            }
            if (m == Deleted) continue;
            if (m == Digit)
            {
                if (!lastDigit) h = (h ^ '0') * FnvPrime;
                lastDigit = true;
            }
            else
            {
                h = (h ^ m) * FnvPrime;
                lastDigit = false;
            }
            inWord = true;
        }
        if (inWord) shingles.EndWord(h);
        buffer = shingles.Buffer;
        return shingles.Count;
    }

    /// <summary>Lower-cased form of every UTF-16 code unit, whitespace → separator.</summary>
    private static readonly char[] LiteralFold = BuildLiteralFoldTable();

    private static char[] BuildLiteralFoldTable()
    {
        var table = new char[65536];
        for (int i = 0; i < table.Length; i++)
        {
            char c = (char)i;
            table[i] = char.IsWhiteSpace(c) ? Separator : char.IsSurrogate(c) ? c : char.ToLowerInvariant(c);
        }
        return table;
    }

    /// <summary>
    /// Word n-gram shingles of the text as written: lower-cased, split on whitespace, nothing else removed, so
    /// "error 46641." and "error 35021." differ. A text with fewer than <paramref name="n"/> words but at least one
    /// gets a single shingle of all its words, so short texts compare by equality instead of as two empty sets.
    /// </summary>
    public static int ComputeLiteral(ReadOnlySpan<char> text, int n, ref ulong[] buffer)
    {
        var shingles = new ShingleWriter(stackalloc ulong[RingSize(n)], n, buffer);
        ulong h = FnvOffset;
        bool inWord = false;
        foreach (char c in text)
        {
            char m = LiteralFold[c];
            if (m == Separator)
            {
                if (inWord)
                {
                    shingles.EndWord(h);
                    (h, inWord) = (FnvOffset, false);
                }
                continue;
            }
            h = (h ^ m) * FnvPrime;
            inWord = true;
        }
        if (inWord) shingles.EndWord(h);
        if (shingles.Count == 0) shingles.AddWholeText();
        buffer = shingles.Buffer;
        return shingles.Count;
    }

    /// <summary>
    /// The share of a text's non-space characters that normalization rewrites: punctuation and symbols (→ space)
    /// and digits (→ 0). Prose sits near 0.05; code, tables and ASCII art well above 0.2, and for them the normalized
    /// shingles no longer say how alike two documents are.
    /// </summary>
    public static double RewrittenFraction(ReadOnlySpan<char> text)
    {
        int visible = 0, rewritten = 0;
        foreach (char c in text)
        {
            if (LiteralFold[c] == Separator) continue;
            visible++;
            char m = Fold[c];
            if (m is Separator or Digit) rewritten++;
        }
        return visible == 0 ? 0 : (double)rewritten / visible;
    }

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Collects the shingles of one text: the last n word hashes in a ring, one combined hash per word from
    /// the n-th on, written to a buffer that grows when needed (never per shingle).</summary>
    private ref struct ShingleWriter(Span<ulong> ring, int n, ulong[] buffer)
    {
        private readonly Span<ulong> _ring = ring;
        private ulong[] _buffer = buffer;
        private int _words;

        public readonly ulong[] Buffer => _buffer;

        public int Count { get; private set; }

        public void EndWord(ulong wordHash)
        {
            _ring[_words & (_ring.Length - 1)] = BitMixer.Mix(wordHash);
            _words++;
            if (_words >= n) Add(CombineWords(_ring, _words - n, _words, 0x9E3779B97F4A7C15UL));
        }

        /// <summary>A text with fewer than n words but at least one: a single shingle of all its words, so short
        /// texts compare by equality instead of as two empty sets.</summary>
        public void AddWholeText()
        {
            if (_words > 0) Add(CombineWords(_ring, 0, _words, 0x9E3779B97F4A7C15UL ^ (ulong)_words));
        }

        private void Add(ulong shingle)
        {
            if (Count == _buffer.Length) Array.Resize(ref _buffer, Math.Max(1, _buffer.Length * 2));
            _buffer[Count++] = shingle;
        }
    }

    /// <summary>The last word hashes, at least <paramref name="n"/> of them, in a power-of-two ring: word j sits at
    /// j masked, where a ring of exactly n would need a division per word and per shingle word (six per word at
    /// n = 5, most of the fuzzy signer's time).</summary>
    private static int RingSize(int n) => (int)BitOperations.RoundUpToPowerOf2((uint)n);

    /// <summary>One hash of the word hashes <paramref name="from"/>..<paramref name="to"/> (ring positions masked
    /// to its power-of-two length), in order.</summary>
    private static ulong CombineWords(ReadOnlySpan<ulong> ring, int from, int to, ulong seed)
    {
        ulong s = seed;
        int mask = ring.Length - 1;
        for (int j = from; j < to; j++) s = (BitOperations.RotateLeft(s, 23) ^ ring[j & mask]) * 0xBF58476D1CE4E5B9UL;
        return BitMixer.Mix(s);
    }
}
