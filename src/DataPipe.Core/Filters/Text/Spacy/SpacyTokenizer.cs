using System.Text;

namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>
/// spaCy's rule-based tokenizer for English (<c>spacy.blank("en")</c>, v3.6 <c>tokenizer.pyx</c>), which datatrove
/// splits English words with. The algorithm, step by step as spaCy runs it:
/// <list type="number">
/// <item>The text is cut into runs of whitespace and non-whitespace (Python's <c>str.isspace</c>); one space after
/// a token belongs to that token, any other whitespace run becomes a whitespace token.</item>
/// <item>A run that is a special case (<see cref="SpacyExceptions"/>) becomes its pieces.</item>
/// <item>Otherwise prefixes and suffixes are peeled off in turns (<see cref="SpacyAffixes"/>) until neither
/// applies, stopping early when the rest, or the rest without the affix just found, is a special case.</item>
/// <item>What is left is a special case, or a URL (<see cref="SpacyUrl"/>) kept whole, or is cut at its infixes.</item>
/// <item>Last, special cases that the affix rules cut into several tokens (":)", "a.", "Ph.D.") are found again as
/// token sequences (spaCy's special-case matcher) and merged back when the tokens touch.</item>
/// </list>
/// <paramref name="fast"/> adds two shortcuts that give the same tokens: a run of ASCII letters that is not a special
/// case is one token, and other runs are remembered per instance (spaCy keeps the same cache; a task's <c>TextView</c> owns one); the plain
/// instance runs every step for every run and is the reference the tests compare the fast one with.
/// </summary>
public sealed class SpacyTokenizer(bool fast = true)
{
    private const int MaxCachedChunk = 48;
    private const int MaxCacheEntries = 200_000;

    private static readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> Specials =
        new Dictionary<string, string[]>(SpacyExceptions.Rules, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SpecialCaseFilter MaybeSpecial = new(SpacyExceptions.Rules.Keys);

    private readonly bool _fast = fast;
    private int[] _cp = new int[64];
    private int[] _off = new int[65];
    private readonly List<(int Lo, int Hi)> _prefixes = [];
    private readonly List<(int Lo, int Hi)> _suffixes = [];
    private readonly List<(int Start, int End)> _infixes = [];
    private readonly Dictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly SpacySpecialMatcher.Scratch _matcherScratch = new();

    public void Tokenize(ReadOnlySpan<char> text, SpacyTokens tokens) => Tokenize(text, tokens, withSpecials: true);

    internal void Tokenize(ReadOnlySpan<char> text, SpacyTokens tokens, bool withSpecials)
    {
        tokens.Clear();
        if (text.Length == 0) return;
        bool inSpace = PyText.IsSpace(text[0]);
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (PyText.IsSpace(c) == inSpace) continue;
            if (start < i) Chunk(text, start, i, inSpace, tokens, withSpecials);
            start = c == ' ' ? i + 1 : i;
            inSpace = !inSpace;
        }
        if (start < text.Length) Chunk(text, start, text.Length, inSpace, tokens, withSpecials);
        if (withSpecials) SpacySpecialMatcher.Apply(text, tokens, _matcherScratch);
    }

    private void Chunk(ReadOnlySpan<char> text, int start, int end, bool space, SpacyTokens tokens, bool withSpecials)
    {
        if (space)
        {
            // No affix rule touches whitespace, and the whitespace special cases are single tokens.
            tokens.Add(start, end - start, space: true);
            return;
        }
        var chunk = text[start..end];
        if (withSpecials && (!_fast || MaybeSpecial.MayContain(chunk)) && Specials.TryGetValue(chunk, out var pieces))
        {
            AddPieces(start, pieces, tokens);
            return;
        }
        if (!_fast || !withSpecials)
        {
            TokenizeAffixes(text, start, end, tokens, withSpecials);
            return;
        }
        if (!chunk.ContainsAnyExcept(AsciiLetters))
        {
            tokens.Add(start, end - start, space: false);
            return;
        }
        if (TryWordAndFinalMark(chunk, start, tokens)) return;
        if (chunk.Length > MaxCachedChunk)
        {
            TokenizeAffixes(text, start, end, tokens, withSpecials: true);
            return;
        }
        var cache = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (cache.TryGetValue(chunk, out var cached))
        {
            for (int k = 0; k < cached.Length; k += 2) tokens.Add(start + cached[k], cached[k + 1], space: false);
            return;
        }
        int first = tokens.Count;
        TokenizeAffixes(text, start, end, tokens, withSpecials: true);
        var entry = new int[(tokens.Count - first) * 2];
        for (int k = first; k < tokens.Count; k++)
        {
            entry[(k - first) * 2] = tokens.Start(k) - start;
            entry[(k - first) * 2 + 1] = tokens.Lengths[k];
        }
        if (_cache.Count >= MaxCacheEntries) _cache.Clear();
        cache[chunk] = entry;
    }

    /// <summary>
    /// "word," "word." "word)": ASCII letters and one final ASCII mark, the commonest run with punctuation. The affix
    /// loop's own rules are asked (no prefix; the mark, and only the mark, is a suffix; the letters alone have no
    /// affix), so the result is the loop's: the letters (or their special-case pieces, or one token: letters have no
    /// infixes), then the mark. Anything else goes the long way. Saves the per-run cache look-up, which was the
    /// split's largest single cost.
    /// </summary>
    private static bool TryWordAndFinalMark(ReadOnlySpan<char> chunk, int start, SpacyTokens tokens)
    {
        int n = chunk.Length;
        if (n < 2 || n > MaxCachedChunk) return false;
        char mark = chunk[n - 1];
        if (mark >= 0x80 || char.IsAsciiLetter(mark)) return false;
        var word = chunk[..^1];
        if (word.ContainsAnyExcept(AsciiLetters)) return false;
        Span<int> cp = stackalloc int[n];
        for (int i = 0; i < n; i++) cp[i] = chunk[i];
        if (SpacyAffixes.Prefix(cp) != 0 || SpacyAffixes.Suffix(cp) != 1) return false;
        if (SpacyAffixes.Prefix(cp[..^1]) != 0 || SpacyAffixes.Suffix(cp[..^1]) != 0) return false;
        if (MaybeSpecial.MayContain(word) && Specials.TryGetValue(word, out var pieces)) AddPieces(start, pieces, tokens);
        else tokens.Add(start, n - 1, space: false);
        tokens.Add(start + n - 1, 1, space: false);
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static void AddPieces(int start, string[] pieces, SpacyTokens tokens)
    {
        foreach (var piece in pieces)
        {
            tokens.Add(start, piece.Length, space: false);
            start += piece.Length;
        }
    }

    /// <summary>Steps 3 and 4 for one non-whitespace run that is not itself a special case.</summary>
    private void TokenizeAffixes(ReadOnlySpan<char> text, int chunkStart, int chunkEnd, SpacyTokens tokens, bool withSpecials)
    {
        var chunk = text[chunkStart..chunkEnd];
        int n = Decode(chunk);
        var cp = _cp.AsSpan(0, n);
        var off = _off;
        _prefixes.Clear();
        _suffixes.Clear();


        int lo = 0, hi = n, lastSize = -1;
        while (hi > lo && hi - lo != lastSize)
        {
            if (IsSpecial(chunk, off, lo, hi, withSpecials)) break;
            lastSize = hi - lo;
            int pre = SpacyAffixes.Prefix(cp[lo..hi]);
            if (pre != 0 && lo + pre < hi && IsSpecial(chunk, off, lo + pre, hi, withSpecials))
            {
                _prefixes.Add((lo, lo + pre));
                lo += pre;
                break;
            }
            int suf = SpacyAffixes.Suffix(cp[(lo + pre)..hi]);
            if (suf != 0 && lo < hi - suf && IsSpecial(chunk, off, lo, hi - suf, withSpecials))
            {
                _suffixes.Add((hi - suf, hi));
                hi -= suf;
                break;
            }
            if (pre != 0)
            {
                _prefixes.Add((lo, lo + pre));
                lo += pre;
            }
            if (suf != 0)
            {
                _suffixes.Add((hi - suf, hi));
                hi -= suf;
            }
        }

        foreach (var (a, b) in _prefixes) Emit(a, b);
        if (hi > lo)
        {
            var rest = chunk[off[lo]..off[hi]];
            if (withSpecials && (!_fast || MaybeSpecial.MayContain(rest)) && Specials.TryGetValue(rest, out var pieces))
            {
                AddPieces(chunkStart + off[lo], pieces, tokens);
            }
            else if (SpacyUrl.IsMatch(rest))
            {
                Emit(lo, hi);
            }
            else
            {
                _infixes.Clear();
                SpacyAffixes.Infixes(cp[lo..hi], _infixes);
                int start = 0;
                foreach (var (s, e) in _infixes)
                {
                    if (s == 0) continue; // spaCy ignores an infix at the very start (it stays in the next token)
                    if (s != start) Emit(lo + start, lo + s);
                    Emit(lo + s, lo + e);
                    start = e;
                }
                if (lo + start < hi) Emit(lo + start, hi);
            }
        }
        for (int k = _suffixes.Count - 1; k >= 0; k--) Emit(_suffixes[k].Lo, _suffixes[k].Hi);

        void Emit(int a, int b) => tokens.Add(chunkStart + off[a], off[b] - off[a], space: false);
    }

    private bool IsSpecial(ReadOnlySpan<char> chunk, int[] off, int lo, int hi, bool withSpecials)
    {
        if (!withSpecials) return false;
        var piece = chunk[off[lo]..off[hi]];
        return (!_fast || MaybeSpecial.MayContain(piece)) && Specials.ContainsKey(piece);
    }

    /// <summary>Code points of <paramref name="chunk"/> into <c>_cp</c>, with each one's UTF-16 offset in
    /// <c>_off</c> (and the chunk's length after the last).</summary>
    private int Decode(ReadOnlySpan<char> chunk)
    {
        if (_cp.Length < chunk.Length)
        {
            _cp = new int[chunk.Length * 2];
            _off = new int[chunk.Length * 2 + 1];
        }
        int n = 0;
        for (int i = 0; i < chunk.Length;)
        {
            Rune.DecodeFromUtf16(chunk[i..], out Rune r, out int width);
            // A lone surrogate is one code point to Python; keep it as such.
            _cp[n] = width == 1 && char.IsSurrogate(chunk[i]) ? chunk[i] : r.Value;
            _off[n++] = i;
            i += width;
        }
        _off[n] = chunk.Length;
        return n;
    }
}
