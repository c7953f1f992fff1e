namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>
/// spaCy's last tokenizer pass (<c>_apply_special_cases</c>): a special case whose string the affix rules split
/// (":)" → ":" ")", "a." → "a" ".") is looked for as that token sequence over the whole text; matches are taken
/// longest first, then leftmost, skipping one whose first or last token an earlier match covered, and a taken match
/// whose tokens touch (its text is the special case) is replaced by the special case's pieces.
/// </summary>
public static class SpacySpecialMatcher
{
    private sealed record Pattern(string[] Tokens, string Key);

    /// <summary>Patterns by their first token.</summary>
    private static readonly Dictionary<string, Pattern[]> ByFirst = BuildPatterns();

    private static readonly Dictionary<string, Pattern[]>.AlternateLookup<ReadOnlySpan<char>> ByFirstLookup =
        ByFirst.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Most tokens cannot start a pattern: this skips their look-up (a token is hashed only when it may).</summary>
    private static readonly SpecialCaseFilter MaybeFirst = new(ByFirst.Keys);

    private static readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> Rules =
        new Dictionary<string, string[]>(SpacyExceptions.Rules, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Per-thread buffers for <see cref="Apply"/>.</summary>
    public sealed class Scratch
    {
        internal readonly List<(int Start, int End)> Spans = [];
        internal readonly List<(int Start, int End)> Taken = [];
        internal readonly HashSet<int> Seen = [];
        internal readonly SpacyTokens Copy = new();
    }

    private static Dictionary<string, Pattern[]> BuildPatterns()
    {
        // spaCy adds a rule to the matcher when a prefix, suffix or infix rule finds something in it (or it has a
        // space), with the tokens the affix rules alone make of it.
        var plain = new SpacyTokenizer(fast: false);
        var tokens = new SpacyTokens();
        var infixes = new List<(int, int)>();
        var patterns = new List<Pattern>();
        foreach (var key in SpacyExceptions.Rules.Keys.Order(StringComparer.Ordinal))
        {
            var cp = key.EnumerateRunes().Select(r => r.Value).ToArray();
            infixes.Clear();
            SpacyAffixes.Infixes(cp, infixes);
            bool affixed = SpacyAffixes.Prefix(cp) != 0 || infixes.Count > 0 || SpacyAffixes.Suffix(cp) != 0 || key.Contains(' ', StringComparison.Ordinal);
            if (!affixed) continue;
            plain.Tokenize(key, tokens, withSpecials: false);
            var texts = new string[tokens.Count];
            for (int i = 0; i < tokens.Count; i++) texts[i] = key.Substring(tokens.Start(i), tokens.Lengths[i]);
            if (texts.Length == 1 && SpacyExceptions.Rules[key] is [var only] && only == key) continue; // replaces itself
            patterns.Add(new Pattern(texts, key));
        }
        return patterns.GroupBy(p => p.Tokens[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public static void Apply(ReadOnlySpan<char> text, SpacyTokens tokens, Scratch scratch)
    {
        var spans = scratch.Spans;
        spans.Clear();
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens.Text(text, i);
            if (!MaybeFirst.MayContain(token) || !ByFirstLookup.TryGetValue(token, out var patterns)) continue;
            foreach (var p in patterns)
            {
                if (i + p.Tokens.Length > tokens.Count) continue;
                bool all = true;
                for (int k = 1; k < p.Tokens.Length && all; k++) all = tokens.Text(text, i + k).SequenceEqual(p.Tokens[k]);
                if (all) spans.Add((i, i + p.Tokens.Length));
            }
        }
        if (spans.Count == 0) return;

        spans.Sort((a, b) => a.End - a.Start != b.End - b.Start ? (b.End - b.Start) - (a.End - a.Start) : a.Start - b.Start);
        var seen = scratch.Seen;
        seen.Clear();
        var taken = scratch.Taken;
        taken.Clear();
        foreach (var (start, end) in spans)
        {
            if (!seen.Contains(start) && !seen.Contains(end - 1)) taken.Add((start, end));
            for (int k = start; k < end; k++) seen.Add(k);
        }
        taken.Sort((a, b) => a.Start - b.Start);

        var copy = scratch.Copy;
        copy.Clear();
        int next = 0;
        foreach (var (start, end) in taken)
        {
            for (; next < start; next++) copy.Add(tokens.Start(next), tokens.Lengths[next], tokens.IsSpace[next]);
            if (Touching(tokens, start, end) && Rules.TryGetValue(text[tokens.Start(start)..tokens.End(end - 1)], out var pieces))
            {
                int at = tokens.Start(start);
                foreach (var piece in pieces)
                {
                    copy.Add(at, piece.Length, space: false);
                    at += piece.Length;
                }
                next = end;
            }
        }
        for (; next < tokens.Count; next++) copy.Add(tokens.Start(next), tokens.Lengths[next], tokens.IsSpace[next]);
        tokens.Clear();
        for (int i = 0; i < copy.Count; i++) tokens.Add(copy.Start(i), copy.Lengths[i], copy.IsSpace[i]);
    }

    private static bool Touching(SpacyTokens tokens, int start, int end)
    {
        for (int k = start + 1; k < end; k++)
            if (tokens.Start(k) != tokens.End(k - 1)) return false;
        return true;
    }
}
