using System.Globalization;
using System.Text;
using DataPipe.Core.Pii;
using DataPipe.Core.Pii.Detectors;

namespace DataPipe.Benchmarks.Pii;

/// <summary>
/// A labelled set built from real paragraphs of this machine (<see cref="RealTextCorpus"/>) with planted PII of every
/// type and planted look-alikes (versions, section numbers, paths, URLs, hashes, SPDX ids, colon words, placeholders,
/// bad checksums), inserted at line and sentence boundaries. Seeded: the same seed and corpus part give the same set.
/// Paragraphs with an <c>@</c> are left out (changelogs carry real maintainer addresses); anything else the detectors
/// find in the host text counts against precision, as it would in a real crawl.
/// </summary>
internal sealed class PlantedPiiSet
{
    public sealed record Doc(string Text, IReadOnlyList<PiiSpan> Spans);

    public List<Doc> Docs { get; } = [];
    public int LookAlikes { get; private set; }

    private readonly Random _random;
    private readonly List<(string Value, PiiType? Type, string Before, string After)> _items = [];

    private PlantedPiiSet(int seed) => _random = new Random(seed);

    public static PlantedPiiSet Generate(IReadOnlyList<RealTextCorpus.Document> source, int seed, int documents)
    {
        var set = new PlantedPiiSet(seed);
        var paragraphs = Paragraphs(source);
        if (paragraphs.Count == 0) throw new InvalidOperationException("no paragraphs to plant into");
        for (int d = 0; d < documents; d++) set.Docs.Add(set.Document(paragraphs));
        return set;
    }

    private static List<string> Paragraphs(IReadOnlyList<RealTextCorpus.Document> source)
    {
        var list = new List<string>();
        foreach (var doc in source)
            foreach (string p in doc.Text.Split("\n\n"))
                if (p.Length is >= 120 and <= 1500 && !p.Contains('@')) list.Add(p.Trim('\n'));
        return list;
    }

    private Doc Document(List<string> paragraphs)
    {
        var host = new StringBuilder();
        int count = _random.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            if (i > 0) host.Append("\n\n");
            host.Append(paragraphs[_random.Next(paragraphs.Count)]);
        }
        string text = host.ToString();
        // Insertion points: just after a line break or after ". " (a sentence boundary), or the end.
        var points = new List<int> { text.Length };
        for (int i = 1; i < text.Length; i++)
            if (text[i - 1] == '\n' || (text[i - 1] == ' ' && text[i - 2 < 0 ? 0 : i - 2] == '.')) points.Add(i);
        int plants = _random.Next(2, 6);
        var chosen = Enumerable.Range(0, plants).Select(_ => points[_random.Next(points.Count)]).Distinct().Order().ToList();
        var sb = new StringBuilder(text.Length + 400);
        var spans = new List<PiiSpan>();
        int pos = 0;
        foreach (int at in chosen)
        {
            sb.Append(text, pos, at - pos);
            pos = at;
            _items.Clear();
            if (_random.Next(100) < 55) PlantPii(); else PlantLookAlike();
            if (sb.Length > 0 && !char.IsWhiteSpace(sb[^1])) sb.Append(' ');
            foreach (var (value, type, before, after) in _items)
            {
                sb.Append(before);
                if (type is { } t) spans.Add(new PiiSpan(sb.Length, value.Length, t));
                else LookAlikes++;
                sb.Append(value);
                sb.Append(after);
            }
            sb.Append(at == text.Length ? "" : text[at - 1] == '\n' ? "\n" : " ");
        }
        sb.Append(text, pos, text.Length - pos);
        return new Doc(sb.ToString(), spans);
    }

    private void Pii(string before, string value, PiiType type, string after) => _items.Add((value, type, before, after));

    private void Like(string before, string value, string after) => _items.Add((value, null, before, after));

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    private string Drawn(int n, string alphabet)
    {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.Append(alphabet[_random.Next(alphabet.Length)]);
        return sb.ToString();
    }

    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digit = "0123456789";
    private const string Alnum = Upper + Lower + Digit;
    private const string HexLower = "0123456789abcdef";

    private string Digits(int n) => Drawn(n, Digit);

    /// <summary>Mixed case and digits, redrawn until every class the alphabet has is present (as real keys are).</summary>
    private string Token(int n, string alphabet = Alnum)
    {
        bool upper = alphabet.Any(char.IsAsciiLetterUpper), lower = alphabet.Any(char.IsAsciiLetterLower);
        while (true)
        {
            string s = Drawn(n, alphabet);
            if ((!upper || s.Any(char.IsAsciiLetterUpper)) && (!lower || s.Any(char.IsAsciiLetterLower)) && s.Any(char.IsAsciiDigit)) return s;
        }
    }

    private string Hex(int n)
    {
        while (true)
        {
            string s = Drawn(n, HexLower);
            if (s.Any(char.IsAsciiDigit) && s.Any(char.IsAsciiLetter)) return s;
        }
    }

    private string Word() => Pick("server", "backup", "mirror", "kernel", "widget", "parser", "daemon", "render", "socket", "module", "cache", "driver");

    // ---------------------------------------------------------------- planted PII

    private void PlantPii()
    {
        switch (_random.Next(8))
        {
            case 0: Email(); break;
            case 1: IPv4(); break;
            case 2: IPv6(); break;
            case 3: Phone(); break;
            case 4: Card(); break;
            case 5: Ssn(); break;
            case 6: Iban(); break;
            default: Secret(); break;
        }
    }

    private void Email()
    {
        string local = _random.Next(4) switch
        {
            0 => $"{Name()}.{Name()}",
            1 => $"{Name()}_{Name()}{_random.Next(100)}",
            2 => $"{Name()}+{Pick("lists", "debian", "bugs")}",
            _ => Name()[..1] + Name(),
        };
        string domain = $"{Pick("mail", "lists", "", "")}{(_random.Next(3) == 0 ? "." : "")}{Pick("example-corp", "posteo", "uni-hamburg", "acme", "kernel", "fastmail")}.{Pick("com", "org", "net", "de", "io", "co.uk", "fr", "info")}".TrimStart('.');
        string value = local + "@" + domain;
        switch (_random.Next(4))
        {
            case 0: Pii("Contact ", value, PiiType.Email, " for details."); break;
            case 1: Pii($"Reported-by: {Cap(Name())} {Cap(Name())} <", value, PiiType.Email, ">"); break;
            case 2: Pii("(mailto:", value, PiiType.Email, ")"); break;
            default: Pii("Send patches to ", value, PiiType.Email, "."); break;
        }
    }

    private string Name() => Pick("jane", "omar", "li", "maria", "kofi", "anna", "raj", "sven", "aiko", "lucas", "ines", "tomasz", "wei", "fatima");

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private string PublicV4()
    {
        while (true)
        {
            string ip = string.Join('.', _random.Next(1, 224), _random.Next(256), _random.Next(256), _random.Next(1, 255));
            if (IpDetector.IsPublicV4(ip)) return ip;
        }
    }

    private void IPv4()
    {
        string ip = PublicV4();
        switch (_random.Next(8))
        {
            case 0: Pii("Connection from ", ip, PiiType.Ip, " was refused."); break;
            case 1: Pii("nameserver ", ip, PiiType.Ip, ""); break;
            case 2: Pii("The host at ", ip, PiiType.Ip, " answered."); break;
            case 3: Pii("curl http://", ip, PiiType.Ip, $"/{Word()}/status"); break;
            case 4: Pii("Blocked ", ip, PiiType.Ip, " after 5 failed logins."); break;
            case 5: Pii($"{Cap(Word())} listens on ", ip, PiiType.Ip, $":{_random.Next(1024, 65535)}."); break;
            case 6: Pii("Our public IP is ", ip, PiiType.Ip, ", please allow it."); break;
            default: Pii("ping ", ip, PiiType.Ip, ""); break;
        }
    }

    private void IPv6()
    {
        string g() => _random.Next(1, 0xffff).ToString("x", CultureInfo.InvariantCulture);
        string value = _random.Next(5) switch
        {
            0 => $"2a0{_random.Next(10)}:{_random.Next(0x1000, 0xffff):x}:{g()}:{g()}:{g()}:{g()}:{g()}:{g()}",
            1 => $"2{_random.Next(0x400, 0xfff):x}:{_random.Next(0x1000, 0xffff):x}:{g()}::{g()}",
            2 => $"2606:4700:{g()}::{g()}".ToUpperInvariant(),
            3 => "64:ff9b::" + PublicV4(),
            _ => $"2a02:{_random.Next(0x1000, 0xffff):x}:{g()}:{g()}::{g()}",
        };
        if (value.StartsWith("2002", StringComparison.Ordinal) || value.StartsWith("2001:0", StringComparison.Ordinal)) value = "2a00" + value[4..];
        switch (_random.Next(4))
        {
            case 0: Pii("Requests came from ", value, PiiType.Ip, " all night."); break;
            case 1: Pii("inet6 ", value, PiiType.Ip, "/64 scope global"); break;
            case 2: Pii("http://[", value, PiiType.Ip, "]:8080/"); break;
            default: Pii("AAAA record: ", value, PiiType.Ip, ""); break;
        }
    }

    private void Phone()
    {
        string area = _random.Next(2, 10) + Digits(2), exchange = _random.Next(2, 10) + Digits(2), line = Digits(4);
        string value = _random.Next(9) switch
        {
            0 => $"({area}) {exchange}-{line}",
            1 => $"{area}-{exchange}-{line}",
            2 => $"{area}.{exchange}.{line}",
            3 => $"+1 {area} {exchange} {line}",
            4 => $"+44 20 {Digits(4)} {Digits(4)}",
            5 => $"+49 30 {Digits(6)}",
            6 => $"+61 2 {Digits(4)} {Digits(4)}",
            7 => $"+81 3-{Digits(4)}-{Digits(4)}",
            _ => $"+33 1 {Digits(2)} {Digits(2)} {Digits(2)} {Digits(2)}",
        };
        switch (_random.Next(3))
        {
            case 0: Pii("Call ", value, PiiType.Phone, " for support."); break;
            case 1: Pii("Phone: ", value, PiiType.Phone, ""); break;
            default: Pii("You can reach the office at ", value, PiiType.Phone, " on weekdays."); break;
        }
    }

    private string LuhnCompleted(string body)
    {
        for (int check = 0; check < 10; check++)
        {
            string candidate = body + (char)('0' + check);
            if (Checksums.Luhn(candidate)) return candidate;
        }
        throw new InvalidOperationException("no Luhn digit");
    }

    private void Card()
    {
        var (prefix, length) = Pick(("4", 16), ("51", 16), ("55", 16), ("37", 15), ("6011", 16), ("3530", 16), ("2221", 16));
        string card = LuhnCompleted(prefix + Digits(length - prefix.Length - 1));
        string sep = Pick(" ", "-", "");
        string value = sep.Length == 0 ? card
            : length == 15 ? $"{card[..4]}{sep}{card[4..10]}{sep}{card[10..]}"
            : string.Join(sep, Enumerable.Range(0, 4).Select(g => card.Substring(g * 4, 4)));
        switch (_random.Next(3))
        {
            case 0: Pii("She paid with card ", value, PiiType.Card, ", expiring next year."); break;
            case 1: Pii("Card number: ", value, PiiType.Card, ""); break;
            default: Pii("Charge ", value, PiiType.Card, " for the renewal."); break;
        }
    }

    private void Ssn()
    {
        int area;
        do area = _random.Next(1, 900); while (area == 666);
        string value = $"{area:000}-{_random.Next(1, 100):00}-{_random.Next(1, 10000):0000}";
        if (_random.Next(2) == 0) Pii("SSN: ", value, PiiType.Ssn, "");
        else Pii("His social security number is ", value, PiiType.Ssn, ".");
    }

    private string IbanOf(string country, string bban, bool valid)
    {
        string rearranged = bban + country + "00";
        int mod = 0;
        foreach (char c in rearranged)
            mod = char.IsAsciiDigit(c) ? (mod * 10 + (c - '0')) % 97 : (mod * 100 + (c - 'A' + 10)) % 97;
        int check = 98 - mod;
        if (!valid)
        {
            int correct = check;
            do check = _random.Next(2, 99); while (check == correct);
        }
        string iban = country + check.ToString("00", CultureInfo.InvariantCulture) + bban;
        if (_random.Next(2) == 0) return iban;
        return string.Join(' ', Enumerable.Range(0, (iban.Length + 3) / 4).Select(g => iban.Substring(g * 4, Math.Min(4, iban.Length - g * 4))));
    }

    private (string Country, string Bban) Bban() => _random.Next(5) switch
    {
        0 => ("DE", Digits(18)),
        1 => ("GB", Pick("WEST", "NWBK", "BARC") + Digits(14)),
        2 => ("FR", Digits(23)),
        3 => ("NL", Pick("ABNA", "INGB", "RABO") + Digits(10)),
        _ => ("ES", Digits(20)),
    };

    private void Iban()
    {
        var (country, bban) = Bban();
        string value = IbanOf(country, bban, valid: true);
        if (_random.Next(2) == 0) Pii("Transfer the deposit to IBAN ", value, PiiType.Iban, " by Friday.");
        else Pii("Account: ", value, PiiType.Iban, "");
    }

    private void Secret()
    {
        switch (_random.Next(16))
        {
            case 0: Pii("The leaked key id was ", "AKIA" + Token(16, Upper + "234567"), PiiType.Secret, " in the log."); break;
            case 1: Pii("aws_secret_access_key = ", Token(40, Alnum + "/+"), PiiType.Secret, ""); break;
            case 2: Pii("Set GITHUB_TOKEN to ", "ghp_" + Token(36), PiiType.Secret, " before running."); break;
            case 3: Pii("The bot used ", $"xoxb-{Digits(12)}-{Digits(12)}-{Token(24)}", PiiType.Secret, " to post."); break;
            case 4: Pii("Authorization: Bearer ", $"eyJ{Token(20)}.eyJ{Token(40)}.{Token(43, Alnum + "_-")}", PiiType.Secret, ""); break;
            case 5: Pii("Key file:\n", $"-----BEGIN {Pick("", "RSA ", "EC ", "OPENSSH ")}PRIVATE KEY-----\n{Token(64, Alnum + "+/")}\n{Token(64, Alnum + "+/")}\n-----END {Pick("", "RSA ", "EC ", "OPENSSH ")}PRIVATE KEY-----".Replace("BEGIN  ", "BEGIN ").Replace("END  ", "END "), PiiType.Secret, "\n"); break;
            case 6: Pii("api_key: \"", Token(32), PiiType.Secret, "\""); break;
            case 7: Pii("    \"secret_key\": \"", Hex(40), PiiType.Secret, "\","); break;
            case 8: Pii($"export {Pick("OPENWEATHER", "MAPBOX", "SENDGRID", "ALGOLIA")}_API_KEY=", Hex(32), PiiType.Secret, ""); break;
            case 9: Pii("client_secret = ", _random.Next(2) == 0 ? Hex(40) : Token(36), PiiType.Secret, ""); break;
            case 10: Pii("API_KEY=", Hex(32), PiiType.Secret, ""); break;
            case 11: Pii("api_key = '", Hex(_random.Next(32, 65)), PiiType.Secret, "'"); break;
            case 12: Pii("stripe.api_key = \"", "sk_live_" + Token(24), PiiType.Secret, "\""); break;
            case 13: Pii("const key = \"", "AIza" + Token(35, Alnum + "_-"), PiiType.Secret, "\";"); break;
            case 14: Pii("DB_PASSWORD=", Token(24, Alnum + "!%*"), PiiType.Secret, ""); break;
            default: Pii("\"auth_token\": \"", Token(40, Alnum + "-_"), PiiType.Secret, "\""); break;
        }
    }

    // ---------------------------------------------------------------- look-alikes

    private string Quad(int max) => string.Join('.', Enumerable.Range(0, 4).Select(_ => _random.Next(0, max)));

    private void PlantLookAlike()
    {
        switch (_random.Next(22))
        {
            case 0: Like($"{Pick("See", "as described in", "per")} {Pick("Section", "section", "Sections", "Clause", "clause", "Chapter", "Appendix", "paragraph", "Sec.")} ", Quad(12), " for details."); break;
            case 1: Like($"{Pick("zlib", "BIOS", "OpenSSL", "glibc", "libpng16", "qemu", "Firmware")} ", Quad(_random.Next(2) == 0 ? 30 : 256), " fixes the crash."); break;
            case 2: Like($"Depends: {Pick("pcre2", "libc6", "python3-lxml", "zlib1g")} (>= ", Quad(_random.Next(2) == 0 ? 30 : 200), ")"); break;
            case 3:
            {
                int a = _random.Next(1, 30), b = _random.Next(0, 20), c = _random.Next(0, 20), d = _random.Next(2, 200);
                Like("Changes in ", $"{a}.{b}.{c}.{d}, {a}.{b}.{c}.{d - 1} and {a}.{b}.{c}", ":"); break;
            }
            case 4: Like($"{Pick("version ", "Version: ", "v", "release ", "§ ", "§")}", Quad(_random.Next(2) == 0 ? 30 : 256), ""); break;
            case 5: Like("", $"https://{Pick("lwn.net", "bugs.debian.org", "www.kernel.org", "github.com")}/{Pick("Articles", "cgi-bin", "doc", "pub/linux")}/{_random.Next(1000, 999999)}/", ""); break;
            case 6: Like("See <", $"http{Pick("", "s")}://{Pick("docs.python.org", "gitlab.com", "sourceforge.net")}/{Pick("3", "projects", "p")}/{Pick("library", "Zx81kQm2", "tkinter")}/{Word()}{_random.Next(2, 9)}.html#{Word()}-{Word()}", ">."); break;
            case 7: Like($"{Pick("License: ", "SPDX-License-Identifier: ", "License-Id: ")}", Pick("GFDL-1.1-no-invariants-or-later", "BSD-3-clause-generic", "GPL-2.0-or-later", "LGPL-2.1-only", "CC-BY-SA-4.0", "Apache-2.0", "GFDL-1.3-no-invariants-only", "BSD-2-Clause-FreeBSD"), ""); break;
            case 8: Like($"{Pick("path: ", "file=", "See ")}", Pick("/sys/class/timecard/ocpN/i2c", $"/usr/lib/x86_64-linux-gnu/{Word()}/lib{Word()}.so.{_random.Next(1, 9)}", $"/sys/devices/platform/{Word()}{_random.Next(9)}/hwmon/hwmon{_random.Next(9)}/temp1_input", $"~/.config/{Word()}/{Word()}Rc"), ""); break;
            case 9: Like("Use ", Pick(":attr:`~ipaddress.IPv6Address.scope_id`", ":func:`os.path.join`", ":class:`~collections.OrderedDict`", ":meth:`str.format_map`", ":data:`sys.float_repr_style`"), " here."); break;
            case 10: Like("Signature Algorithm", Pick(":md5WithRSAEncryption", ": sha256WithRSAEncryption", ": ecdsa-with-SHA384"), ""); break;
            case 11: Like("Pass ", Pick("`-a::`", "add::", "10:1::", "std::vector", "beef::cafe", "a::b", "Foo::Bar::baz"), " to it."); break;
            case 12: Like($"  * {Cap(Word())} no longer crashes (commit ", Hex(40), ")."); break;
            case 13: Like($"{Pick("SHA256", "sha256sum", "Checksum")}: ", Hex(64), ""); break;
            case 14: Like($"{Pick("stripe.api_key = \"", "STRIPE_KEY=", "Use ")}", Pick("sk_test_" + new string('x', 24), "sk_live_" + new string('X', 24), "AKIA" + new string('X', 16), "ghp_" + new string('x', 36)), ""); break;
            case 15:
            {
                var (country, bban) = Bban();
                Like("Reference ", IbanOf(country, bban, valid: false), " has a wrong checksum."); break;
            }
            case 16: Like("uuid ", $"{Hex(8)}-{Hex(4)}-4{Hex(3)}-a{Hex(3)}-{Hex(12)}", $", MAC 00:1a:2b:{_random.Next(16, 255):x2}:4d:5e."); break;
            case 17: Like("Built on ", $"{_random.Next(2000, 2030)}-{_random.Next(1, 13):00}-{_random.Next(1, 29):00} {_random.Next(24):00}:{_random.Next(60):00}:{_random.Next(60):00}.{Digits(3)}", "."); break;
            case 18:
            {
                string order;
                do order = "4" + Digits(15); while (Checksums.Luhn(order));
                Like("Order ", order, $" and ISBN 978-{_random.Next(10)}-{Digits(3)}-{Digits(5)}-{_random.Next(10)}."); break;
            }
            case 19: Like("The router sits at ", $"192.168.{_random.Next(256)}.{_random.Next(1, 255)}", $", docs use 192.0.2.{_random.Next(1, 255)} and 2001:db8::{_random.Next(1, 0xffff):x}."); break;
            case 20: Like($"Upgrade {Pick("libfoo", "mesa", "nvidia-driver")} to ", $"{Quad(_random.Next(2) == 0 ? 30 : 256)}-{_random.Next(1, 5)}{Pick("", "ubuntu1", "+deb12u1", "~bpo11+1")}", "."); break;
            default: Like("timeout = ", $"{_random.Next(1000, 99999)}", $"; mode = {Word()}_{Word()}_{Word()}_default; password = {Word()}{_random.Next(10)}"); break;
        }
    }
}
