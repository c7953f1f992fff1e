using System.Buffers;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace DataPipe.Core.Filters.Text;

/// <summary>
/// Word tokens of a text as (start, length) pairs in reusable buffers. Approximates the spaCy blank-English
/// tokenizer datatrove uses: split on whitespace, then peel punctuation off both ends of each chunk as separate
/// tokens (a run of dots stays one token, like spaCy's "..."), keeping inner punctuation ("don't", "3.5", "U.S").
/// One instance per thread; <see cref="Tokenize"/> overwrites the previous result, except that tokenizing the text it
/// holds again returns at once: the filters of one document (Gopher quality and repetition, FineWeb) all ask for the
/// same tokens, and the check costs one hash of the text instead of a second tokenization.
/// </summary>
public sealed class WordTokens
{
    [ThreadStatic] private static WordTokens? _perThread;

    private int[] _starts = new int[256];
    private int[] _lengths = new int[256];
    private int _textLength = -1;
    private ulong _textHash;

    public static WordTokens ForThread() => _perThread ??= new WordTokens();

    public int Count { get; private set; }

    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, Count);

    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, Count);

    public ReadOnlySpan<char> Word(ReadOnlySpan<char> text, int i) => text.Slice(_starts[i], _lengths[i]);

    public WordTokens Tokenize(ReadOnlySpan<char> text)
    {
        // A 64-bit hash over the whole text (and its length) names it: a false match is ~2^-64 per call.
        ulong hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text));
        if (text.Length == _textLength && hash == _textHash) return this;
        Count = 0;
        // Word edges come from a bit mask of spaces per 32 characters: words average a few characters, so finding
        // each edge by a search or a per-character branch costs more than classifying the whole block at once.
        int wordStart = -1;
        for (int block = 0; block < text.Length; block += 32)
        {
            uint space = SpaceMask(text[block..]);
            uint spaceBefore = (space << 1) | (wordStart < 0 ? 1u : 0u);
            uint edges = space ^ spaceBefore;
            while (edges != 0)
            {
                int at = block + BitOperations.TrailingZeroCount(edges);
                edges &= edges - 1;
                if (wordStart < 0)
                {
                    wordStart = at;
                }
                else
                {
                    AddChunk(text, wordStart, at);
                    wordStart = -1;
                }
            }
        }
        if (wordStart >= 0) AddChunk(text, wordStart, text.Length);
        _textLength = text.Length;
        _textHash = hash;
        return this;
    }

    /// <summary>Bit i set when <paramref name="text"/>[i] is a space, for its first 32 characters; bits past its
    /// end are set too, so a word running to the end of the text ends there.</summary>
    private static uint SpaceMask(ReadOnlySpan<char> text)
    {
        if (!Vector256.IsHardwareAccelerated || text.Length < 32)
        {
            uint mask = text.Length < 32 ? ~0u << text.Length : 0;
            for (int i = 0; i < Math.Min(32, text.Length); i++)
                if (PyText.IsSpace(text[i])) mask |= 1u << i;
            return mask;
        }
        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var low = Vector256.LoadUnsafe(ref start);
        var high = Vector256.LoadUnsafe(ref start, 16);
        uint spaces = AsciiSpaces(low) | (AsciiSpaces(high) << 16);
        uint wide = Vector256.GreaterThan(low, Vector256.Create((ushort)0x7F)).ExtractMostSignificantBits()
                    | (Vector256.GreaterThan(high, Vector256.Create((ushort)0x7F)).ExtractMostSignificantBits() << 16);
        while (wide != 0)
        {
            int i = BitOperations.TrailingZeroCount(wide);
            wide &= wide - 1;
            if (PyText.IsSpace(text[i])) spaces |= 1u << i;
        }
        return spaces;
    }

    /// <summary>Python's ASCII whitespace: space, \t \n \v \f \r (9–13) and the separators 0x1C–0x1F.</summary>
    private static uint AsciiSpaces(Vector256<ushort> v) =>
        (Vector256.Equals(v, Vector256.Create((ushort)' '))
         | Vector256.LessThanOrEqual(v - Vector256.Create((ushort)9), Vector256.Create((ushort)4))
         | Vector256.LessThanOrEqual(v - Vector256.Create((ushort)0x1C), Vector256.Create((ushort)3)))
        .ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddChunk(ReadOnlySpan<char> text, int start, int end)
    {
        // A chunk of n chars gives at most n tokens: one capacity check covers all of them.
        if (Count + (end - start) > _starts.Length) Grow(Count + (end - start));
        // Most words start and end with an ASCII letter or digit: nothing to peel.
        char first = text[start], last = text[end - 1];
        if (first < 0x80 && last < 0x80 && !Punctuation.IsPunctuation(first) && !Punctuation.IsPunctuation(last))
        {
            Add(start, end - start);
            return;
        }
        AddPeeled(text, start, end);
    }

    [SkipLocalsInit] // the suffix buffer is written before it is read; zeroing it per word is measurable
    private void AddPeeled(ReadOnlySpan<char> text, int start, int end)
    {
        // Leading punctuation: one token per mark.
        while (start < end && IsPunct(text, start, out int width) && !IsDotRun(text, start, end))
        {
            Add(start, width);
            start += width;
        }
        if (start >= end) return;

        // Trailing punctuation, collected right to left then emitted in order.
        int coreEnd = end;
        Span<int> suffix = stackalloc int[16];
        int suffixCount = 0;
        while (coreEnd > start && suffixCount < suffix.Length)
        {
            int dots = 0;
            while (coreEnd - dots > start && text[coreEnd - dots - 1] == '.') dots++;
            if (dots >= 2) { coreEnd -= dots; suffix[suffixCount++] = dots; continue; }
            if (!IsPunctBefore(text, start, coreEnd, out int width)) break;
            coreEnd -= width;
            suffix[suffixCount++] = width;
        }
        if (coreEnd > start) Add(start, coreEnd - start);
        int pos = coreEnd;
        for (int k = suffixCount - 1; k >= 0; k--)
        {
            Add(pos, suffix[k]);
            pos += suffix[k];
        }
    }

    private static bool IsDotRun(ReadOnlySpan<char> text, int start, int end) =>
        text[start] == '.' && start + 1 < end && text[start + 1] == '.';

    private static bool IsPunct(ReadOnlySpan<char> text, int i, out int width)
    {
        if (text[i] < 128)
        {
            width = 1;
            return Punctuation.IsPunctuation(text[i]);
        }
        Rune.DecodeFromUtf16(text[i..], out Rune r, out width);
        return Punctuation.IsPunctuation(r.Value);
    }

    private static bool IsPunctBefore(ReadOnlySpan<char> text, int start, int end, out int width)
    {
        if (text[end - 1] < 128)
        {
            width = 1;
            return Punctuation.IsPunctuation(text[end - 1]);
        }
        Rune.DecodeLastFromUtf16(text[start..end], out Rune r, out width);
        return Punctuation.IsPunctuation(r.Value);
    }

    /// <summary>Appends a token; <see cref="AddChunk"/> has made room for it.</summary>
    private void Add(int start, int length)
    {
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_starts), Count) = start;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_lengths), Count) = length;
        Count++;
    }

    private void Grow(int size)
    {
        int capacity = Math.Max(size, _starts.Length * 2);
        Array.Resize(ref _starts, capacity);
        Array.Resize(ref _lengths, capacity);
    }
}
