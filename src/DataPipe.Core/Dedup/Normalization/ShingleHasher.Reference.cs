using System.Numerics;
using System.Text;
using DataPipe.Core.Hashing;

namespace DataPipe.Core.Dedup.Normalization;

/// <summary>
/// The plain forms of the one-pass routines: normalize the text into a list of word strings first, then hash each
/// word, then each run of n words, with no folding table, ring or inline hashing. Slow and allocating; the tests hold
/// the tuned forms equal to these on random and real text.
/// </summary>
public static partial class ShingleHasher
{
    /// <summary>The plain form of <see cref="Compute"/>.</summary>
    public static ulong[] ComputeReference(string text, int n) => Shingles(NormalizedWords(text), n, wholeTextWhenShort: false);

    /// <summary>The plain form of <see cref="ComputeLiteral"/>.</summary>
    public static ulong[] ComputeLiteralReference(string text, int n) => Shingles(LiteralWords(text), n, wholeTextWhenShort: true);

    /// <summary>The plain form of <see cref="RewrittenFraction"/>.</summary>
    public static double RewrittenFractionReference(string text)
    {
        var visible = text.Where(c => !char.IsWhiteSpace(c)).ToList();
        int rewritten = visible.Count(c => FoldChar(c) is Separator or Digit);
        return visible.Count == 0 ? 0 : (double)rewritten / visible.Count;
    }

    /// <summary>datatrove's simplify_text as words: digit runs (with one inner '.', ',' or Arabic separator) become
    /// "0", punctuation, symbols and whitespace split words, marks vanish, letters fold.</summary>
    private static List<string> NormalizedWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool lastDigit = false;
        for (int i = 0; i < text.Length; i++)
        {
            char folded = FoldChar(text[i]);
            if (folded == Deleted) continue;
            if (folded == Digit)
            {
                if (!lastDigit) word.Append('0');
                lastDigit = true;
                continue;
            }
            if (folded != Separator)
            {
                word.Append(folded);
                lastDigit = false;
                continue;
            }
            bool numberSeparator = text[i] is '.' or ',' or '\u060C' or '\u066B';
            if (lastDigit && numberSeparator && i + 1 < text.Length && FoldChar(text[i + 1]) == Digit) continue;
            if (word.Length > 0) words.Add(word.ToString());
            word.Clear();
            lastDigit = false;
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words;
    }

    private static List<string> LiteralWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                word.Append(char.IsSurrogate(c) ? c : char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length > 0) words.Add(word.ToString());
            word.Clear();
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words;
    }

    private static ulong[] Shingles(List<string> words, int n, bool wholeTextWhenShort)
    {
        var hashes = words.Select(w => BitMixer.Mix(WordHash(w))).ToList();
        var shingles = new List<ulong>();
        for (int end = n; end <= hashes.Count; end++) shingles.Add(Combine(hashes.GetRange(end - n, n), 0x9E3779B97F4A7C15UL));
        if (wholeTextWhenShort && shingles.Count == 0 && hashes.Count > 0)
            shingles.Add(Combine(hashes, 0x9E3779B97F4A7C15UL ^ (ulong)hashes.Count));
        return [.. shingles];
    }

    /// <summary>FNV-1a over the word's UTF-16 code units.</summary>
    private static ulong WordHash(string word)
    {
        ulong h = FnvOffset;
        foreach (char c in word) h = (h ^ c) * FnvPrime;
        return h;
    }

    private static ulong Combine(List<ulong> wordHashes, ulong seed)
    {
        ulong s = seed;
        foreach (ulong w in wordHashes) s = (BitOperations.RotateLeft(s, 23) ^ w) * 0xBF58476D1CE4E5B9UL;
        return BitMixer.Mix(s);
    }
}
