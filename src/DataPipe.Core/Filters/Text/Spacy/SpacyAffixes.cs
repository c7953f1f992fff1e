namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>
/// spaCy's English prefix, suffix and infix rules (spacy/lang/punctuation.py and lang/en/punctuation.py, v3.6),
/// decided by hand instead of by regex, over code points as Python's <c>re</c> sees a <c>str</c>. What the regexes
/// mean, and so what these methods reproduce:
/// <list type="bullet">
/// <item>prefix: <c>^a|^b|…</c> searched, so the first alternative (in list order) that matches at the start;</item>
/// <item>suffix: <c>a$|b$|…</c> searched, so the match that starts leftmost — the longest suffix any rule allows;</item>
/// <item>infixes: <c>finditer</c>, left to right, non-overlapping, alternatives tried in list order at each place.</item>
/// </list>
/// </summary>
public static class SpacyAffixes
{
    // UNITS and CURRENCY (char_classes.py). "тбكم" is one entry there: two list items run together without a space.
    private static readonly int[][] Units = Runes(
        "km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz m/s km/h kmh mph " +
        "hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг " +
        "м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тбكم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام " +
        "جرام جم كغ ملغ كوب اكواب",
        "$ £ € ¥ ฿ US$ C$ A$ ₽ ﷼ ₴");

    private static readonly int LongestUnit = Units.Max(u => u.Length);

    private static readonly int[][] Possessives = Runes("'s 'S ’s ’S ……");

    private static readonly int[][] Hyphens = Runes("- – — -- --- —— ~");

    private static int[][] Runes(params string[] lists) =>
        [.. lists.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(u => u.EnumerateRunes().Select(r => r.Value).ToArray())];

    /// <summary>Length in code points of the prefix spaCy splits off <paramref name="s"/>, or 0.</summary>
    public static int Prefix(ReadOnlySpan<int> s)
    {
        if (s.Length == 0) return 0;
        int c = s[0];
        if (c == '+') return s.Length > 1 && SpacyChars.IsAsciiDigit(s[1]) ? 0 : 1; // \+(?![0-9])
        if (c == '.')
        {
            int dots = 1;
            while (dots < s.Length && s[dots] == '.') dots++;
            return dots >= 2 ? dots : 0;
        }
        if (c == 'U' && s.Length >= 3 && s[1] == 'S' && s[2] == '$') return 3;
        if ((c == 'C' || c == 'A') && s.Length >= 2 && s[1] == '$') return 2;
        return SpacyChars.PrefixChar.Contains(c) ? 1 : 0;
    }

    /// <summary>Length in code points of the suffix spaCy splits off <paramref name="s"/>, or 0.</summary>
    public static int Suffix(ReadOnlySpan<int> s)
    {
        int n = s.Length;
        if (n == 0) return 0;
        int last = s[n - 1];
        if (last == '.')
        {
            int dots = 1;
            while (dots < n && s[n - 1 - dots] == '.') dots++;
            if (dots >= 2) return dots; // \.\.+$ starts leftmost of every rule ending in "."
            if (n >= 2)
            {
                int before = s[n - 2];
                if (SpacyChars.BeforeFinalPeriod.Contains(before)) return 1;
                if (n >= 3 && SpacyChars.AlphaUpper.Contains(before) && SpacyChars.AlphaUpper.Contains(s[n - 3])) return 1;
                if (n >= 3 && s[n - 3] == '°' && before is 'F' or 'f' or 'C' or 'c' or 'K' or 'k') return 1;
            }
            return 0;
        }
        int best = SpacyChars.SuffixChar.Contains(last) ? 1 : 0;
        if (last == '+' && n >= 2 && SpacyChars.IsAsciiDigit(s[n - 2])) best = 1;
        foreach (var p in Possessives)
            if (p.Length > best && s.EndsWith(p)) best = p.Length;
        // A unit counts only after a digit: look at the few places a digit could stand (a unit is at most
        // LongestUnit long) before trying the hundred-odd units, which most words never reach.
        for (int k = n - 1; k >= 1 && n - k <= LongestUnit; k--)
        {
            if (!SpacyChars.IsAsciiDigit(s[k - 1])) continue;
            foreach (var u in Units)
                if (u.Length == n - k && u.Length > best && s.EndsWith(u)) best = u.Length;
        }
        return best;
    }

    /// <summary>Appends the infix matches of <paramref name="s"/> as (start, end) code point pairs.</summary>
    public static void Infixes(ReadOnlySpan<int> s, List<(int Start, int End)> matches)
    {
        int n = s.Length;
        int p = 0;
        while (p < n)
        {
            int end = InfixAt(s, p);
            if (end > p)
            {
                matches.Add((p, end));
                p = end;
            }
            else
            {
                p++;
            }
        }
    }

    /// <summary>End of the infix match starting at <paramref name="p"/>, or <paramref name="p"/> when none.</summary>
    public static int InfixAt(ReadOnlySpan<int> s, int p)
    {
        int n = s.Length;
        int c = s[p];
        if (c == '.' && p + 1 < n && s[p + 1] == '.')
        {
            int e = p + 2;
            while (e < n && s[e] == '.') e++;
            return e;
        }
        if (c == '…' || SpacyChars.Icon.Contains(c)) return p + 1;
        if (p == 0) return p;
        int prev = s[p - 1];
        int next = p + 1 < n ? s[p + 1] : -1;
        // (?<=[0-9])[+\-\*^](?=[0-9-])
        if (c is '+' or '-' or '*' or '^' && SpacyChars.IsAsciiDigit(prev) && (SpacyChars.IsAsciiDigit(next) || next == '-')) return p + 1;
        // (?<=[{al}{q}])\.(?=[{au}{q}])
        if (c == '.' && next >= 0 && SpacyChars.LowerOrQuote.Contains(prev) && SpacyChars.UpperOrQuote.Contains(next)) return p + 1;
        bool prevAlpha = SpacyChars.Alpha.Contains(prev);
        // (?<=[{a}]),(?=[{a}])
        if (c == ',' && prevAlpha && next >= 0 && SpacyChars.Alpha.Contains(next)) return p + 1;
        if (!prevAlpha && !SpacyChars.IsAsciiDigit(prev)) return p;
        // (?<=[{a}0-9])(?:-|–|—|--|---|——|~)(?=[{a}]): the first alternative followed by a letter
        if (c is '-' or '–' or '—' or '~')
        {
            foreach (var h in Hyphens)
                if (s[p..].StartsWith(h) && p + h.Length < n && SpacyChars.Alpha.Contains(s[p + h.Length])) return p + h.Length;
        }
        // (?<=[{a}0-9])[:<>=/](?=[{a}])
        if (c is ':' or '<' or '>' or '=' or '/' && next >= 0 && SpacyChars.Alpha.Contains(next)) return p + 1;
        return p;
    }
}
