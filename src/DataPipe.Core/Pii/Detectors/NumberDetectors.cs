using System.Text.RegularExpressions;

namespace DataPipe.Core.Pii.Detectors;

/// <summary>
/// Payment cards, US social security numbers and phone numbers: source-generated patterns that only start at a
/// digit, <c>+</c> or <c>(</c>, each match confirmed by a validator (Luhn and issuer prefix, SSN ranges, digit counts).
/// </summary>
public static partial class NumberDetectors
{
    // 13–19 digits, either contiguous or in groups of 3–6 joined by one consistent separator. A digit run inside a
    // longer word (a hex commit hash, a UUID, a session id) is part of that token, not a card.
    [GeneratedRegex(@"(?<![\w\-.,/])(?:\d{13,19}|\d{3,6}(?:(?<sep>[ \-])\d{3,6}){2,5})(?![\w\-]|[.,/]\d)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex CardCandidate();

    [GeneratedRegex(@"(?<![\w\-.,/])(?<area>\d{3})(?<sep>[\- ])(?<group>\d{2})\k<sep>(?<serial>\d{4})(?![\w\-]|[.,/]\d)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex SsnCandidate();

    // NANP: (NXX) NXX-XXXX, NXX-NXX-XXXX with one consistent separator, optional +1 / 1- prefix; or +1 NXXNXXXXXX.
    [GeneratedRegex(@"(?<![\w+\-.])(?:(?:\+1|1)[ \-.]?)?(?:\([2-9]\d{2}\)[ \-.]?[2-9]\d{2}[ \-.]\d{4}|[2-9]\d{2}(?<sep>[ \-.])[2-9]\d{2}\k<sep>\d{4})(?![\w\-]|[.,]\d)" +
        @"|(?<![\w+])\+1[2-9]\d{2}[2-9]\d{6}(?!\w)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NanpPhone();

    // E.164: + country code, then groups (optionally one in parentheses) separated by single spaces, dots or dashes.
    // Not inside a package version ("1:10~+20191229111838+6991d57").
    [GeneratedRegex(@"(?<![\w+~])\+[1-9]\d{0,3}(?:[ \-.]?(?:\(\d{1,4}\)|\d{1,6})){1,6}(?![\w+]|[\-.]\d)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 2000)]
    private static partial Regex E164Phone();

    public static void FindCards(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        foreach (var m in CardCandidate().EnumerateMatches(text))
        {
            var value = text.Slice(m.Index, m.Length);
            if (IsCard(value) && !IsIsbnContext(text, m.Index, value) && !InsideLongerGroups(text, m.Index, m.Index + m.Length, value))
                spans.Add(new PiiSpan(m.Index, m.Length, PiiType.Card));
        }
    }

    /// <summary>
    /// Grouped digits that continue past the candidate with the same separator (<c>DE48 5944 8656 6419 0588 17</c>,
    /// an IBAN whose checksum failed) are one longer number: a card is not cut out of its middle.
    /// </summary>
    private static bool InsideLongerGroups(ReadOnlySpan<char> text, int start, int end, ReadOnlySpan<char> value)
    {
        int sepAt = value.IndexOfAnyExceptInRange('0', '9');
        if (sepAt < 0) return false;
        char sep = value[sepAt];
        if (end + 1 < text.Length && text[end] == sep && char.IsAsciiDigit(text[end + 1])) return true;
        if (start < 2 || text[start - 1] != sep) return false;
        // The token before: letters and digits with a digit among them (a group such as "DE48" or "0123").
        int i = start - 1;
        bool digit = false;
        while (i > 0 && char.IsAsciiLetterOrDigit(text[i - 1]))
        {
            digit |= char.IsAsciiDigit(text[i - 1]);
            i--;
        }
        return digit && start - 1 - i <= 6;
    }

    public static bool IsCard(ReadOnlySpan<char> value)
    {
        int digits = 0;
        bool space = false, dash = false;
        foreach (char c in value)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (c == ' ') space = true;
            else if (c == '-') dash = true;
        }
        if (digits is < 13 or > 19 || (space && dash)) return false;
        return HasIssuerPrefix(value, digits) && Checksums.Luhn(value);
    }

    /// <summary>Issuer (IIN) prefixes of the major networks with their card lengths.</summary>
    private static bool HasIssuerPrefix(ReadOnlySpan<char> value, int digits)
    {
        Span<char> head = stackalloc char[6];
        int n = 0;
        foreach (char c in value)
        {
            if (!char.IsAsciiDigit(c)) continue;
            head[n++] = c;
            if (n == head.Length) break;
        }
        int p1 = head[0] - '0', p2 = p1 * 10 + head[1] - '0', p3 = p2 * 10 + head[2] - '0', p4 = p3 * 10 + head[3] - '0';
        int p6 = p4 * 100 + (head[4] - '0') * 10 + head[5] - '0';
        return p1 == 4 && digits is 13 or 16 or 19                                    // Visa
            || (p2 is >= 51 and <= 55 || p4 is >= 2221 and <= 2720) && digits == 16  // Mastercard
            || p2 is 34 or 37 && digits == 15                                        // American Express
            || (p4 == 6011 || p2 == 65 || p3 is >= 644 and <= 649 || p6 is >= 622126 and <= 622925) && digits is >= 16 and <= 19 // Discover
            || p2 == 62 && digits is >= 16 and <= 19                                 // UnionPay
            || p4 is >= 3528 and <= 3589 && digits is >= 16 and <= 19                // JCB
            || (p2 is 36 or 38 or 39 || p3 is >= 300 and <= 305) && digits is 14 or 16 // Diners Club
            || (p2 is 50 or (>= 56 and <= 69)) && digits is >= 13 and <= 19;         // Maestro
    }

    private static bool IsIsbnContext(ReadOnlySpan<char> text, int start, ReadOnlySpan<char> value)
    {
        if (Checksums.Isbn13(value) && (value.StartsWith("978") || value.StartsWith("979"))) return true;
        var before = text[Math.Max(0, start - 16)..start];
        return before.Contains("ISBN", StringComparison.OrdinalIgnoreCase);
    }

    public static void FindSsns(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        foreach (var m in SsnCandidate().EnumerateMatches(text))
        {
            var v = text.Slice(m.Index, m.Length);
            if (IsValidSsn(v)) spans.Add(new PiiSpan(m.Index, m.Length, PiiType.Ssn));
        }
    }

    /// <summary>Area 001–899 except 666, group 01–99, serial 0001–9999 (SSA rules since 2011).</summary>
    public static bool IsValidSsn(ReadOnlySpan<char> v)
    {
        int area = int.Parse(v[..3]);
        int group = int.Parse(v[4..6]);
        int serial = int.Parse(v[7..11]);
        return area is > 0 and < 900 and not 666 && group > 0 && serial > 0;
    }

    public static void FindPhones(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        foreach (var m in NanpPhone().EnumerateMatches(text))
            spans.Add(new PiiSpan(m.Index, m.Length, PiiType.Phone));
        foreach (var m in E164Phone().EnumerateMatches(text))
        {
            var v = text.Slice(m.Index, m.Length);
            int digits = 0;
            foreach (char c in v) if (char.IsAsciiDigit(c)) digits++;
            if (digits is >= 8 and <= 15) spans.Add(new PiiSpan(m.Index, m.Length, PiiType.Phone));
        }
    }
}
