using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DataPipe.Core.Pii.Detectors;

/// <summary>
/// IPv4 (datatrove's octet pattern, but not inside longer dotted numbers, and never with leading-zero octets) and
/// IPv6 (parsed by <see cref="IPAddress"/>). With <c>onlyPublic</c> (the reference default) only globally routable
/// addresses are replaced: private, loopback, link-local, shared, documentation, multicast and reserved ranges stay.
/// A dotted quad in a version or section context (<see cref="DottedNumberContext"/>) is not an address, and an
/// IPv6 candidate must have plausible groups (<see cref="HasPlausibleGroups"/>), so colon words are not addresses.
/// </summary>
public static partial class IpDetector
{
    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    public static void Find(ReadOnlySpan<char> text, List<PiiSpan> spans, bool onlyPublic)
    {
        foreach (var m in IPv4().EnumerateMatches(text))
        {
            var value = text.Slice(m.Index, m.Length);
            if (onlyPublic && !IsPublicV4(value)) continue;
            if (DottedNumberContext.IsVersionOrSection(text, m.Index, m.Index + m.Length)) continue;
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
            if (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '-')) continue;
            if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) continue;
            var candidate = text[start..end];
            if (candidate.Count(':') < 2 || candidate.Length < 3 || !HasPlausibleGroups(candidate)) continue;
            if (!IPAddress.TryParse(candidate, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) continue;
            if (onlyPublic && !IsPublicV6(ip)) continue;
            spans.Add(new PiiSpan(start, end - start, PiiType.Ip));
        }
    }

    /// <summary>
    /// An address, not a colon word (<c>add::</c>, <c>10:1::</c>, <c>beef::cafe</c>): uncompressed, it has eight
    /// groups (or six and an IPv4 tail), which the parser checks, and not all of two digits; compressed, at least three groups (an IPv4 tail
    /// counts as two), or two where the first is a full four-digit group with a digit in it (<c>2001::1</c>).
    /// </summary>
    public static bool HasPlausibleGroups(ReadOnlySpan<char> candidate)
    {
        if (!candidate.Contains("::", StringComparison.Ordinal))
        {
            // Eight two-digit groups are bytes (a DHCP DUID, an EUI-64), not an address written out.
            foreach (var range in candidate.Split(':'))
                if (candidate[range].Length != 2) return true;
            return false;
        }
        int groups = 0;
        int firstLength = -1;
        bool firstHasDigit = false;
        foreach (var range in candidate.Split(':'))
        {
            var group = candidate[range];
            if (group.IsEmpty) continue;
            groups += group.Contains('.') ? 2 : 1;
            if (firstLength >= 0) continue;
            firstLength = group.Length;
            firstHasDigit = group.IndexOfAnyInRange('0', '9') >= 0;
        }
        return groups >= 3 || (groups == 2 && firstLength == 4 && firstHasDigit);
    }

    private static bool IsV6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    private static bool IsPublicV6(IPAddress ip)
    {
        Span<byte> b = stackalloc byte[16];
        ip.TryWriteBytes(b, out _);
        if (ip.IsIPv4MappedToIPv6) return IsPublicV4(b[12..]);
        // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits: it is as public as that address.
        if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0) return IsPublicV4(b[12..]);
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
