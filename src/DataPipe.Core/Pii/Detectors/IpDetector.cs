using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DataPipe.Core.Pii.Detectors;

/// <summary>
/// IPv4 (datatrove's octet pattern, but not inside longer dotted numbers, and never with leading-zero octets) and
/// IPv6 (parsed by <see cref="IPAddress"/>). With <c>onlyPublic</c> (the reference default) only globally routable
/// addresses are replaced: private, loopback, link-local, shared, documentation, multicast and reserved ranges stay.
/// A dotted quad right after a version word (<c>v1.2.3.4</c>, <c>version 10.0.1.2</c>) is a version, not an address.
/// </summary>
public static partial class IpDetector
{
    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    private static readonly string[] VersionWords =
        ["version", "ver", "v", "release", "build", "firmware", "revision", "rev", "update", "kernel", "api", "sdk", "protocol", "oid", "snmp"];

    public static void Find(ReadOnlySpan<char> text, List<PiiSpan> spans, bool onlyPublic)
    {
        foreach (var m in IPv4().EnumerateMatches(text))
        {
            var value = text.Slice(m.Index, m.Length);
            if (AfterVersionWord(text, m.Index)) continue;
            if (onlyPublic && !IsPublicV4(value)) continue;
            spans.Add(new PiiSpan(m.Index, m.Length, PiiType.Ip));
        }
        FindV6(text, spans, onlyPublic);
    }

    public static bool IsPublicV4(ReadOnlySpan<char> value)
    {
        if (!IPAddress.TryParse(value, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork) return false;
        Span<byte> b = stackalloc byte[4];
        ip.TryWriteBytes(b, out _);
        return IsPublicV4(b);
    }

    private static bool IsPublicV4(ReadOnlySpan<byte> b) => !(
        b[0] is 0 or 10 or 127 or >= 224
        || (b[0] == 100 && b[1] is >= 64 and <= 127)
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && b[1] is >= 16 and <= 31)
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
        || (b[0] == 192 && b[1] == 88 && b[2] == 99)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 198 && b[1] is 18 or 19)
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113));

    private static bool AfterVersionWord(ReadOnlySpan<char> text, int start)
    {
        if (start > 0 && text[start - 1] is 'v' or 'V' && (start == 1 || !char.IsLetter(text[start - 2]))) return true;
        int i = start;
        while (i > 0 && text[i - 1] is ' ' or ':' or '#') i--;
        int wordEnd = i;
        while (i > 0 && char.IsAsciiLetter(text[i - 1])) i--;
        if (wordEnd == i || wordEnd == start) return false;
        var word = text[i..wordEnd];
        foreach (string v in VersionWords)
            if (word.Equals(v, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static void FindV6(ReadOnlySpan<char> text, List<PiiSpan> spans, bool onlyPublic)
    {
        int from = 0;
        while (from < text.Length)
        {
            int rel = text[from..].IndexOf(':');
            if (rel < 0) return;
            int colon = from + rel;
            int start = colon, end = colon + 1;
            while (start > 0 && IsV6Char(text[start - 1])) start--;
            while (end < text.Length && IsV6Char(text[end])) end++;
            from = end;
            // A trailing dot ends a sentence, not an address.
            while (end > start && text[end - 1] == '.') end--;
            if (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_')) continue;
            if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) continue;
            var candidate = text[start..end];
            if (candidate.Count(':') < 2 || candidate.Length < 3) continue;
            if (!IPAddress.TryParse(candidate, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) continue;
            if (onlyPublic && !IsPublicV6(ip)) continue;
            spans.Add(new PiiSpan(start, end - start, PiiType.Ip));
        }
    }

    private static bool IsV6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    private static bool IsPublicV6(IPAddress ip)
    {
        Span<byte> b = stackalloc byte[16];
        ip.TryWriteBytes(b, out _);
        if (ip.IsIPv4MappedToIPv6) return IsPublicV4(b[12..]);
        // As Python's ipaddress is_global (what the reference uses for IPv4): everything but the IANA special-purpose
        // blocks counts, so an address in space not yet allocated is still treated as someone's.
        ushort g0 = (ushort)(b[0] << 8 | b[1]), g1 = (ushort)(b[2] << 8 | b[3]);
        bool special =
            ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.IPv6Loopback)
            || (g0 == 0x0064 && g1 == 0xff9b)                       // 64:ff9b::/96 and 64:ff9b:1::/48 translation
            || (g0 == 0x0100 && g1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) // 100::/64 discard
            || (g0 == 0x2001 && g1 < 0x0200)                        // 2001::/23 IETF protocol assignments
            || (g0 == 0x2001 && g1 == 0x0db8)                       // 2001:db8::/32 documentation
            || g0 == 0x2002                                         // 2002::/16 6to4
            || (b[0] & 0xFE) == 0xFC                                // fc00::/7 unique local
            || (g0 & 0xFFC0) == 0xFE80                              // fe80::/10 link-local
            || b[0] == 0xFF;                                        // multicast
        return !special;
    }
}
