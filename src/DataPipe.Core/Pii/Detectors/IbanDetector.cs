using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace DataPipe.Core.Pii.Detectors;

/// <summary>IBANs: country code, check digits and BBAN, compact or in groups of four; the candidate is cut to the
/// country's registered length and must pass the ISO 13616 mod-97 check.</summary>
public static partial class IbanDetector
{
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20,
        ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24,
        ["ME"] = 22, ["MK"] = 19, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24,
        ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SC"] = 31,
        ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["ST"] = 25, ["SV"] = 28, ["TL"] = 23, ["TN"] = 24,
        ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> LengthsBySpan =
        Lengths.GetAlternateLookup<ReadOnlySpan<char>>();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    public static void Find(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        foreach (var m in Candidate().EnumerateMatches(text))
        {
            var candidate = text.Slice(m.Index, m.Length);
            if (!LengthsBySpan.TryGetValue(candidate[..2], out int length)) continue;
            int end = CutToLength(candidate, length);
            if (end < 0) continue;
            // The IBAN must not run on into more letters or digits.
            int after = m.Index + end;
            if (after < text.Length && char.IsAsciiLetterOrDigit(text[after])) continue;
            if (Checksums.IbanMod97(candidate[..end])) spans.Add(new PiiSpan(m.Index, end, PiiType.Iban));
        }
    }

    /// <summary>Offset just past the <paramref name="length"/>-th alphanumeric character, or -1 if there are fewer.</summary>
    private static int CutToLength(ReadOnlySpan<char> candidate, int length)
    {
        int seen = 0;
        for (int i = 0; i < candidate.Length; i++)
        {
            if (candidate[i] == ' ') continue;
            if (++seen == length) return i + 1;
        }
        return -1;
    }
}
