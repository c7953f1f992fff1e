namespace DataPipe.Core.Pii.Detectors;

/// <summary>
/// Whether a dotted quad is a version or a section number rather than an IPv4 address, from the context a reader
/// uses: a version or section word before it (<c>version</c>, <c>v</c>, <c>release</c>, <c>Section</c>,
/// <c>Clause</c>, <c>§</c>), a comparison operator (<c>pcre2 (&gt;= 27.4.99.143)</c>), a package or product name
/// before it (<c>zlib 1.2.3.4</c>, <c>BIOS 1.2.3.4</c>, <c>libpng16</c>), a package-version suffix
/// (<c>1.2.3.4-1ubuntu2</c>, <c>1.2.3.4rc1</c>, <c>1.2.3.4.tar.gz</c>), or a surrounding list of versions
/// (<c>2.4.3.4, 2.4.3.3 and 2.4.3</c>). A word that names an address (<c>IP</c>, <c>host</c>, <c>from</c>,
/// <c>nameserver</c>) before the number keeps it an address whatever else is around.
/// </summary>
public static class DottedNumberContext
{
    private static readonly string[] VersionWords =
    [
        "version", "versions", "ver", "vers", "v", "release", "releases", "build", "firmware", "revision", "rev",
        "update", "kernel", "api", "sdk", "protocol", "oid", "snmp", "patch", "upstream", "tag",
        "section", "sections", "subsection", "sect", "sec", "clause", "clauses", "subclause", "chapter", "chapters",
        "chap", "ch", "paragraph", "paragraphs", "para", "par", "appendix", "annex", "figure", "fig", "table", "step",
        "item", "part", "article", "art", "rule", "note", "rfc", "standard", "standards", "std", "iso", "policy",
        "upgrade", "upgraded", "updated", "downgrade", "bump", "bumped", "since", "until", "changes",
    ];

    // Software that documentation quotes with a version right after the name, as in "zlib 1.2.3.4".
    private static readonly string[] SoftwareNames =
    [
        "zlib", "openssl", "glibc", "gcc", "clang", "llvm", "python", "perl", "ruby", "php", "java", "node", "nodejs",
        "golang", "rust", "cmake", "qt", "gtk", "linux", "debian", "ubuntu", "android", "chrome", "chromium",
        "firefox", "nginx", "apache", "httpd", "mysql", "mariadb", "postgresql", "postgres", "sqlite", "curl", "wget",
        "bash", "emacs", "vim", "git", "npm", "pip", "docker", "bios", "uefi", "mesa", "xorg", "systemd", "binutils",
        "gnutls", "qemu", "samba", "boost", "icu", "pcre", "expat", "ffmpeg", "jdk", "openjdk", "dotnet", "windows",
        "macos", "ios", "office", "xcode", "gnome", "kde", "libc",
    ];

    // Nouns and verbs that name an address: within the three words before a dotted quad they make it an address.
    private static readonly string[] AddressWords =
    [
        "ip", "ips", "ipv4", "address", "addresses", "addr", "host", "hosts", "hostname", "server", "servers",
        "nameserver", "dns", "gateway", "gw", "ping", "route", "peer", "client", "proxy", "inet", "src", "dst",
        "resolver", "resolves", "resolved", "nat", "tcp", "udp", "icmp", "firewall", "attacker", "a", "aaaa",
        "blocked", "banned", "allow", "deny", "whitelist", "blacklist", "connect", "connected", "connection",
    ];

    // Prepositions that introduce an address when right before it ("from 8.8.8.8"), but not across other words
    // ("to Policy 3.6.1.1").
    private static readonly string[] AddressPrepositions = ["from", "to", "at", "via", "by", "on", "of"];

    private const int ListWindow = 80;
    private const int WordsBack = 3;

    /// <summary>
    /// True when the dotted quad at <paramref name="start"/>..<paramref name="end"/> is a version or a section
    /// number by its context. Absent any word either way, a quad of four small parts (all below 32: <c>3.7.2.0</c>,
    /// <c>11.1.2.1</c>) is a version: one random public address in 3,000 looks like that, most dotted numbers in
    /// documentation do.
    /// </summary>
    public static bool IsVersionOrSection(ReadOnlySpan<char> text, int start, int end)
    {
        if (HasVersionSuffix(text, end)) return true;
        // A port ("8.8.8.8:53") or a URL's host ("http://8.8.8.8/") is an address.
        if (end + 1 < text.Length && text[end] == ':' && char.IsAsciiDigit(text[end + 1])) return false;
        if (start >= 3 && text[(start - 3)..start].SequenceEqual("://")) return false;
        if (start > 0)
        {
            char before = text[start - 1];
            // v1.2.3.4, foo-1.2.3.4, foo_1.2.3.4, §1.2.3.4
            if (before is '-' or '_' or '~' or '+' or '§') return true;
            if (before is 'v' or 'V' && (start == 1 || !char.IsLetter(text[start - 2]))) return true;
            // A Debian epoch: "(>= 1:1.0.99.4)".
            if (before == ':' && start >= 2 && char.IsAsciiDigit(text[start - 2]) && (start == 2 || text[start - 3] is ' ' or '(' or '=')) return true;
        }
        int i = start;
        bool comparison = false;
        while (i > 0 && text[i - 1] is ' ' or '\t' or '(' or ':' or '#' or '<' or '>' or '=' or '~' or '^' or '!' or '§' or '"' or '\'' or '[')
        {
            comparison |= text[i - 1] is '<' or '>' or '~' or '^' or '§';
            i--;
        }
        if (comparison) return true;
        bool addressWord = false;
        for (int n = 0; n < WordsBack && i > 0; n++)
        {
            int wordEnd = i;
            // "Sec. 1.2.3.4": an abbreviation's period; a period after any other word ends the sentence before.
            bool period = text[wordEnd - 1] == '.';
            if (period) wordEnd--;
            int wordStart = wordEnd;
            while (wordStart > 0 && (char.IsAsciiLetterOrDigit(text[wordStart - 1]) || text[wordStart - 1] is '-' or '_' or '+')) wordStart--;
            if (wordStart == wordEnd) break;
            var word = text[wordStart..wordEnd];
            // "Standards-Version": the last part of a hyphenated name decides.
            int hyphen = word.LastIndexOf('-');
            if (IsOneOf(word, VersionWords) || (hyphen > 0 && IsOneOf(word[(hyphen + 1)..], VersionWords))) return true;
            if (period) break;
            if (IsOneOf(word, AddressWords)) { addressWord = true; break; }
            // "from 8.8.8.8" is an address, "version from 1.2.0.0" is not: a preposition leaves the words before it
            // to decide.
            if (n == 0 && IsOneOf(word, AddressPrepositions)) addressWord = true;
            else if (n == 0 && IsSoftwareName(word)) return true;
            i = wordStart;
            // Only blanks between the words of one phrase.
            if (i == 0 || text[i - 1] is not (' ' or '\t')) break;
            while (i > 0 && text[i - 1] is ' ' or '\t') i--;
        }
        if (addressWord) return false;
        return IsNumberedHeading(text, start, end) || InVersionList(text, start, end) || AllPartsSmall(text[start..end]);
    }

    /// <summary>"3.43.5.3 Why does …": first on its line and followed by a capitalised title.</summary>
    private static bool IsNumberedHeading(ReadOnlySpan<char> text, int start, int end)
    {
        int i = start;
        while (i > 0 && text[i - 1] is ' ' or '\t') i--;
        if (i > 0 && text[i - 1] != '\n') return false;
        return end + 1 < text.Length && text[end] == ' ' && char.IsAsciiLetterUpper(text[end + 1]);
    }

    private static bool AllPartsSmall(ReadOnlySpan<char> quad)
    {
        foreach (var range in quad.Split('.'))
        {
            var part = quad[range];
            int value = 0;
            foreach (char c in part) value = value * 10 + (c - '0');
            if (value >= 32) return false;
        }
        return true;
    }

    /// <summary>1.2.3.4-1ubuntu2, 1.2.3.4+dfsg, 1.2.3.4~rc1, 1.2.3.4rc1, 1.2.3.4.tar.gz</summary>
    private static bool HasVersionSuffix(ReadOnlySpan<char> text, int end)
    {
        if (end >= text.Length) return false;
        char after = text[end];
        if (char.IsAsciiLetter(after)) return true;
        if (end + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[end + 1])) return false;
        return after is '-' or '+' or '~' || (after == '.' && char.IsAsciiLetter(text[end + 1]));
    }

    /// <summary>A product name: a listed one, a <c>lib…</c> name, letters and digits together (<c>pcre2</c>,
    /// <c>libpng16</c>, <c>python3-lxml</c>), a hyphenated name, or an upper-case acronym (<c>BIOS</c>, <c>GCC</c>).</summary>
    private static bool IsSoftwareName(ReadOnlySpan<char> word)
    {
        if (IsOneOf(word, SoftwareNames) || word.StartsWith("lib", StringComparison.OrdinalIgnoreCase) && word.Length > 3) return true;
        bool letter = false, digit = false, lower = false, hyphen = false;
        foreach (char c in word)
        {
            letter |= char.IsAsciiLetter(c);
            digit |= char.IsAsciiDigit(c);
            lower |= char.IsAsciiLetterLower(c);
            hyphen |= c is '-' or '_' or '+';
        }
        if (!letter) return false;
        return digit || (hyphen && word[^1] is not ('-' or '_' or '+')) || (!lower && word.Length >= 2);
    }

    /// <summary>Another version-shaped number on the same line nearby: three parts, or five or more
    /// (<c>2.4.3</c>, <c>1.2.3.4.5</c>), whose first part is small (not a date's year).</summary>
    private static bool InVersionList(ReadOnlySpan<char> text, int start, int end)
    {
        int from = Math.Max(0, start - ListWindow), to = Math.Min(text.Length, end + ListWindow);
        int lineStart = text[from..start].LastIndexOf('\n');
        if (lineStart >= 0) from += lineStart + 1;
        int lineEnd = text[end..to].IndexOf('\n');
        if (lineEnd >= 0) to = end + lineEnd;
        return HasVersionNumber(text[from..start]) || HasVersionNumber(text[end..to]);
    }

    private static bool HasVersionNumber(ReadOnlySpan<char> window)
    {
        int i = 0;
        while (i < window.Length)
        {
            if (!char.IsAsciiDigit(window[i]) || (i > 0 && (char.IsAsciiLetterOrDigit(window[i - 1]) || window[i - 1] == '.'))) { i++; continue; }
            int parts = 1, first = 0, j = i;
            while (j < window.Length && char.IsAsciiDigit(window[j])) first = first * 10 + (window[j++] - '0');
            while (j + 1 < window.Length && window[j] == '.' && char.IsAsciiDigit(window[j + 1]))
            {
                j++;
                while (j < window.Length && char.IsAsciiDigit(window[j])) j++;
                parts++;
            }
            if ((parts == 3 || parts >= 5) && first < 100) return true;
            i = j + 1;
        }
        return false;
    }

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] words)
    {
        foreach (string w in words)
            if (word.Equals(w, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
