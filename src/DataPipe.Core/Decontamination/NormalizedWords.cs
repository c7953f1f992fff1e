using System.Runtime.CompilerServices;
using DataPipe.Core.Hashing;

namespace DataPipe.Core.Decontamination;

/// <summary>How text becomes comparable words on both sides (eval items and training documents).</summary>
/// <param name="CaseFold">Compare lower-cased.</param>
/// <param name="IgnorePunctuation">A word is a run of letters and digits (punctuation separates words and is not
/// compared); otherwise a word is a run of non-space characters, punctuation included.</param>
public sealed record WordNormalization(bool CaseFold, bool IgnorePunctuation)
{
    public static readonly WordNormalization Default = new(true, true);
}

/// <summary>
/// Splits a text into normalized words, each with its character span and a 64-bit hash of its normalized form,
/// into caller-owned buffers: no allocation per word. Hashes are FNV-1a over the normalized UTF-16 units, mixed.
/// </summary>
public static class NormalizedWords
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Appends the words of <paramref name="text"/> to <paramref name="words"/> (cleared first).</summary>
    public static void Split(ReadOnlySpan<char> text, WordNormalization normalization, WordBuffer words)
    {
        words.Clear();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordChar(text[i], normalization.IgnorePunctuation)) i++;
            if (i >= text.Length) break;
            int start = i;
            ulong hash = FnvOffset;
            while (i < text.Length && IsWordChar(text[i], normalization.IgnorePunctuation))
            {
                char c = text[i++];
                if (normalization.CaseFold) c = c < 128 ? (char)(c | ((uint)(c - 'A') < 26 ? 0x20 : 0)) : char.ToLowerInvariant(c);
                hash = (hash ^ c) * FnvPrime;
            }
            words.Add(start, i, BitMixer.Mix(hash));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordChar(char c, bool lettersAndDigitsOnly)
    {
        if (c < 128)
            return lettersAndDigitsOnly ? (uint)((c | 0x20) - 'a') < 26 || (uint)(c - '0') < 10 : c > ' ';
        if (char.IsSurrogate(c)) return true;
        return lettersAndDigitsOnly ? char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                                          or System.Globalization.UnicodeCategory.SpacingCombiningMark
                                    : !char.IsWhiteSpace(c);
    }
}

/// <summary>Reusable arrays of word spans, word hashes and polynomial prefix hashes over them.</summary>
public sealed class WordBuffer
{
    /// <summary>The polynomial base of n-gram hashes (odd, so powers never vanish modulo 2^64).</summary>
    public const ulong Base = 0x9E3779B97F4A7C15UL;

    private int[] _starts = new int[256];
    private int[] _ends = new int[256];
    private ulong[] _prefix = new ulong[257];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Add(int start, int end, ulong hash)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _ends, Count * 2);
            Array.Resize(ref _prefix, Count * 2 + 1);
        }
        _starts[Count] = start;
        _ends[Count] = end;
        _prefix[Count + 1] = unchecked(_prefix[Count] * Base + hash);
        Count++;
    }

    public int Start(int word) => _starts[word];

    public int End(int word) => _ends[word];

    /// <summary>Hash of words [<paramref name="first"/>, first + length): <c>P[first+length] − P[first]·Base^length</c>,
    /// mixed so that any of its bits can index a table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NGram(int first, int length, ulong basePower) =>
        BitMixer.Mix(unchecked(_prefix[first + length] - _prefix[first] * basePower));

    public static ulong Power(int length)
    {
        ulong p = 1;
        for (int i = 0; i < length; i++) p = unchecked(p * Base);
        return p;
    }
}
