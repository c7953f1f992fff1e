using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using DataPipe.Core.Filters.Text.Spacy;

namespace DataPipe.Core.Filters.Text;

/// <summary>
/// Word tokens of a text as (start, length) pairs in reusable buffers, split as <see cref="WordSplit"/> says:
/// <see cref="WordSplit.Spacy"/> gives the words of spaCy's English tokenizer datatrove uses (whitespace tokens
/// dropped, as datatrove's <c>strip_strings</c> does); <see cref="WordSplit.Fast"/> approximates it: split on
/// whitespace, then peel punctuation off both ends of each chunk as separate tokens (a run of dots stays one token,
/// like spaCy's "..."), keeping inner punctuation ("don't", "3.5", "U.S"). <see cref="Tokenize(ReadOnlySpan{char})"/>
/// is the fast split. <see cref="Tokenize(ReadOnlySpan{char})"/> overwrites the previous result; the filters of one
/// document share one result through the task's <c>TextView</c>, which tokenizes each text once per split.
/// </summary>
public sealed class WordTokens
{
    private int[] _starts = new int[256];
    private int[] _lengths = new int[256];
    private SpacyTokens? _spacy;

    public int Count { get; private set; }

    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, Count);

    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, Count);

    public ReadOnlySpan<char> Word(ReadOnlySpan<char> text, int i) => text.Slice(_starts[i], _lengths[i]);

    public WordTokens Tokenize(ReadOnlySpan<char> text) => Tokenize(text, WordSplit.Fast, null);

    /// <param name="spacy">The tokenizer for <see cref="WordSplit.Spacy"/> (its cache is worth keeping across texts).</param>
    public WordTokens Tokenize(ReadOnlySpan<char> text, WordSplit split, SpacyTokenizer? spacy)
    {
        Count = 0;
        if (split == WordSplit.Spacy)
        {
            TokenizeSpacy(text, spacy ?? throw new ArgumentNullException(nameof(spacy), "the spaCy split needs a tokenizer"));
            return this;
        }
        // Word edges come from a bit mask of spaces per 32 characters: words average a few characters, so finding
        // each edge by a search or a per-character branch costs more than classifying the whole block at once.
        int wordStart = -1;
        for (int block = 0; block < text.Length; block += 32)
        {
            uint space = PyText.SpaceMask(text[block..]);
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
        return this;
    }

    private void TokenizeSpacy(ReadOnlySpan<char> text, SpacyTokenizer tokenizer)
    {
        var tokens = _spacy ??= new SpacyTokens();
        tokenizer.Tokenize(text, tokens);
        if (tokens.Count > _starts.Length) Grow(tokens.Count);
        var starts = tokens.Starts;
        var lengths = tokens.Lengths;
        var space = tokens.IsSpace;
        for (int i = 0; i < starts.Length; i++)
            if (!space[i]) Add(starts[i], lengths[i]);
    }

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
