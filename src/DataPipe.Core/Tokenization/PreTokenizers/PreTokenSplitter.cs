namespace DataPipe.Core.Tokenization.PreTokenizers;

/// <summary>
/// Hand-written equivalents of the GPT-2 and cl100k split patterns, as .NET's Regex applies them (UTF-16 chars,
/// <c>\s</c> = [\f\n\r\t\v\x85\p{Z}], alternatives tried in order). Allocation-free: each call returns where the
/// pre-token starting at <c>start</c> ends. Proven identical to the regexes by <c>OwnEncoderTests</c>.
/// </summary>
internal static class PreTokenSplitter
{
    /// <param name="kind"><see cref="PreTokenizerKind.Gpt2"/> or <see cref="PreTokenizerKind.Cl100k"/>.</param>
    public static int NextEnd(PreTokenizerKind kind, ReadOnlySpan<char> s, int start) =>
        kind == PreTokenizerKind.Gpt2 ? NextGpt2(s, start) : NextCl100k(s, start);

    private static bool IsLetter(char c) => char.IsLetter(c);

    private static bool IsNumber(char c) => char.IsNumber(c);

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\x85'
        || (c > '\x7f' && char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.SpaceSeparator
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator);

    private static bool IsOther(char c) => !IsSpace(c) && !IsLetter(c) && !IsNumber(c);

    private static int LetterRunEnd(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsLetter(s[i])) i++;
        return i;
    }

    private static int NumberRunEnd(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsNumber(s[i])) i++;
        return i;
    }

    private static int OtherRunEnd(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsOther(s[i])) i++;
        return i;
    }

    private static int SpaceRunEnd(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsSpace(s[i])) i++;
        return i;
    }

    // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    private static int NextGpt2(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c == '\'' && i + 1 < s.Length)
        {
            char n = s[i + 1];
            if (n is 's' or 't' or 'm' or 'd') return i + 2;
            if (i + 2 < s.Length && ((n == 'r' && s[i + 2] == 'e') || (n == 'v' && s[i + 2] == 'e') || (n == 'l' && s[i + 2] == 'l'))) return i + 3;
        }
        int j = c == ' ' && i + 1 < s.Length ? i + 1 : i;
        for (int attempt = 0; attempt < 2; attempt++, j = i)
        {
            char d = s[j];
            if (IsLetter(d)) return LetterRunEnd(s, j + 1);
            if (IsNumber(d)) return NumberRunEnd(s, j + 1);
            if (IsOther(d)) return OtherRunEnd(s, j + 1);
            if (j == i) break;
        }
        int k = SpaceRunEnd(s, i);
        if (k == s.Length) return k;
        return k - 1 > i ? k - 1 : k;
    }

    // '(?i:[sdmt]|ll|ve|re)|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)|(?>\p{N}{1,3})| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)|(?>\s+)$|\s*[\r\n]|\s+(?!\S)|\s
    private static int NextCl100k(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c == '\'' && i + 1 < s.Length)
        {
            char n = char.ToLowerInvariant(s[i + 1]);
            if (n is 's' or 'd' or 'm' or 't') return i + 2;
            if (i + 2 < s.Length)
            {
                char m = char.ToLowerInvariant(s[i + 2]);
                if ((n == 'l' && m == 'l') || (n == 'v' && m == 'e') || (n == 'r' && m == 'e')) return i + 3;
            }
        }
        if (IsLetter(c)) return LetterRunEnd(s, i + 1);
        if (c is not '\r' and not '\n' && !IsNumber(c) && i + 1 < s.Length && IsLetter(s[i + 1])) return LetterRunEnd(s, i + 2);
        if (IsNumber(c))
        {
            int end = i + 1;
            while (end < s.Length && end < i + 3 && IsNumber(s[end])) end++;
            return end;
        }
        int p = c == ' ' && i + 1 < s.Length && IsOther(s[i + 1]) ? i + 1 : i;
        if (IsOther(s[p]))
        {
            int end = OtherRunEnd(s, p + 1);
            while (end < s.Length && s[end] is '\r' or '\n') end++;
            return end;
        }
        // c is whitespace from here on.
        int k = SpaceRunEnd(s, i);
        if (k == s.Length) return k;
        for (int q = k - 1; q >= i; q--)
            if (s[q] is '\r' or '\n') return q + 1;
        return k - 1 > i ? k - 1 : i + 1;
    }
}
