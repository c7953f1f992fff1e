using System.Collections.Frozen;
using System.Globalization;

namespace DataPipe.Core.Filters.Text;

/// <summary>datatrove's PUNCTUATION string and TERMINAL_PUNCTUATION set (quality-rules.md, appendices A and B).</summary>
public static class Punctuation
{
    private const string TerminalCodes =
        "0021 002E 003F 0589 061D 061E 061F 06D4 0700 0701 0702 07F9 0837 0839 083D 083E 0964 0965 104A 104B 1362 1367 1368 " +
        "166E 1735 1736 17D4 17D5 17D6 17D9 17DA 1803 1809 1944 1945 1AA8 1AA9 1AAA 1AAB 1B5A 1B5B 1B5E 1B5F 1B7D 1B7E 1C3B " +
        "1C3C 1C7E 1C7F 203C 203D 2047 2048 2049 2E2E 2E3C 2E53 2E54 3002 A4FF A60E A60F A6F3 A6F7 A876 A877 A8CE A8CF A92F " +
        "A9C8 A9C9 AA5D AA5E AA5F AAF0 AAF1 ABEB FE52 FE56 FE57 FF01 FF0E FF1F FF61 10A56 10A57 10F55 10F56 10F57 10F58 " +
        "10F59 10F86 10F87 10F88 10F89 11047 11048 110BE 110BF 110C0 110C1 11141 11142 11143 111C5 111C6 111CD 111DE 111DF " +
        "11238 11239 1123B 1123C 112A9 1144B 1144C 115C2 115C3 115C9 115CA 115CB 115CC 115CD 115CE 115CF 115D0 115D1 115D2 " +
        "115D3 115D4 115D5 115D6 115D7 11641 11642 1173C 1173D 1173E 11944 11946 11A42 11A43 11A9B 11A9C 11C41 11C42 11EF7 " +
        "11EF8 11F43 11F44 16A6E 16A6F 16AF5 16B37 16B38 16B44 16E98 1BC9F 1DA88";

    private const string NonAsciiPunctuation = "«´»–—’“”„…∶━►、。〈〉《》「」【】！％（），．１：；？～";

    private static readonly bool[] AsciiPunctuation = BuildAscii();

    /// <summary>Appendix A: the 159 sentence terminators.</summary>
    public static readonly FrozenSet<int> Terminal = TerminalCodes
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(c => int.Parse(c, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
        .ToFrozenSet();

    /// <summary>Appendix B ∪ Appendix A: a word made only of these is a "symbol" word for Gopher.</summary>
    private static readonly FrozenSet<int> NonAsciiSet = NonAsciiPunctuation.Select(c => (int)c)
        .Concat(Enumerable.Range(0x80, 0x20))
        .Concat(Terminal.Where(c => c >= 0x80))
        .ToFrozenSet();

    public static bool IsPunctuation(int codePoint) =>
        codePoint < 0x80 ? AsciiPunctuation[codePoint] : NonAsciiSet.Contains(codePoint);

    public static bool IsTerminal(int codePoint) =>
        codePoint < 0x80 ? codePoint is '.' or '!' or '?' : Terminal.Contains(codePoint);

    /// <summary>Last code point of the span, joining a trailing surrogate pair.</summary>
    public static int LastCodePoint(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return -1;
        char last = s[^1];
        if (char.IsLowSurrogate(last) && s.Length >= 2 && char.IsHighSurrogate(s[^2])) return char.ConvertToUtf32(s[^2], last);
        return last;
    }

    private static bool[] BuildAscii()
    {
        var table = new bool[128];
        foreach (char c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") table[c] = true;
        for (int c = 0; c < 0x20; c++) table[c] = c is not '\t' and not '\n';
        table[0x7F] = true;
        return table;
    }
}
