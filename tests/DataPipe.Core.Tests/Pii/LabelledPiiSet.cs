using System.Globalization;
using System.Text;
using DataPipe.Core.Pii;

namespace DataPipe.Core.Tests.Pii;

/// <summary>
/// A seeded generator of realistic sentences with planted PII spans (exact offsets and types) and planted
/// look-alikes that must not be detected. Values are built to be valid (Luhn, SSN ranges, IBAN mod-97, public IPs).
/// </summary>
public sealed class LabelledPiiSet
{
    private static readonly string[] First = ["jane", "omar", "li", "maria", "kofi", "anna", "raj", "sven", "aiko", "lucas"];
    private static readonly string[] Last = ["doe", "haddad", "wei", "garcia", "mensah", "novak", "patel", "berg", "sato", "silva"];
    private static readonly string[] Domains = ["gmail.com", "corp-mail.io", "uni.ac.uk", "posteo.de", "acme.org", "mail.example-shop.net"];

    private const string Hex = "0123456789abcdef";

    private readonly Random _random;
    private readonly StringBuilder _text = new();
    private readonly List<PiiSpan> _spans = [];

    public LabelledPiiSet(int seed) => _random = new Random(seed);

    public string Text => _text.ToString();
    public IReadOnlyList<PiiSpan> Spans => _spans;

    public static LabelledPiiSet Generate(int seed, int sentences)
    {
        var set = new LabelledPiiSet(seed);
        for (int i = 0; i < sentences; i++)
        {
            if (set._random.Next(3) == 0) set.NegativeSentence();
            else set.PositiveSentence();
            set._text.Append(set._random.Next(4) == 0 ? "\n" : " ");
        }
        return set;
    }

    private void Plain(string s) => _text.Append(s);

    private void Pii(string value, PiiType type)
    {
        _spans.Add(new PiiSpan(_text.Length, value.Length, type));
        _text.Append(value);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private string Digits(int n)
    {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.Append((char)('0' + _random.Next(10)));
        return sb.ToString();
    }

    private string Drawn(int n, string alphabet)
    {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.Append(alphabet[_random.Next(alphabet.Length)]);
        return sb.ToString();
    }

    /// <summary>A token of mixed case and digits, as real secrets are (redrawn until it has all three classes
    /// the alphabet allows, so an alphabet without upper case cannot loop forever).</summary>
    private string Alnum(int n, string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    {
        bool wantUpper = alphabet.Any(char.IsAsciiLetterUpper), wantLower = alphabet.Any(char.IsAsciiLetterLower), wantDigit = alphabet.Any(char.IsAsciiDigit);
        while (true)
        {
            string s = Drawn(n, alphabet);
            if ((!wantUpper || s.Any(char.IsAsciiLetterUpper)) && (!wantLower || s.Any(char.IsAsciiLetterLower)) && (!wantDigit || s.Any(char.IsAsciiDigit)))
                return s;
        }
    }

    private void PositiveSentence()
    {
        switch (_random.Next(7))
        {
            case 0: Plain("Please write to "); Pii(Email(), PiiType.Email); Plain(" with any questions."); break;
            case 1: Plain("The request came from "); Pii(PublicIp(), PiiType.Ip); Plain(" late at night."); break;
            case 2: Plain("You can reach the office at "); Pii(Phone(), PiiType.Phone); Plain(" on weekdays."); break;
            case 3: Plain("She paid with card "); Pii(Card(), PiiType.Card); Plain(", expiring next year."); break;
            case 4: Plain("His social security number is "); Pii(Ssn(), PiiType.Ssn); Plain("."); break;
            case 5: Plain("Transfer the deposit to IBAN "); Pii(Iban(), PiiType.Iban); Plain(" by Friday."); break;
            default: Secret(); break;
        }
    }

    private string Email()
    {
        string local = _random.Next(3) switch
        {
            0 => $"{Pick(First)}.{Pick(Last)}",
            1 => $"{Pick(First)}_{Pick(Last)}{_random.Next(100)}",
            _ => $"{Pick(First)}+{Pick(["news", "shop", "work"])}",
        };
        return local + "@" + Pick(Domains);
    }

    private string PublicIp()
    {
        if (_random.Next(5) == 0)
            return $"2a0{_random.Next(10)}:{_random.Next(0x1000, 0xffff):x}:{_random.Next(0x10, 0xffff):x}::{_random.Next(1, 0xffff):x}";
        while (true)
        {
            string ip = string.Join('.', _random.Next(1, 224), _random.Next(256), _random.Next(256), _random.Next(1, 255));
            if (DataPipe.Core.Pii.Detectors.IpDetector.IsPublicV4(ip)) return ip;
        }
    }

    private string Phone()
    {
        string area = _random.Next(2, 10) + Digits(2), exchange = _random.Next(2, 10) + Digits(2), line = Digits(4);
        return _random.Next(7) switch
        {
            0 => $"({area}) {exchange}-{line}",
            1 => $"{area}-{exchange}-{line}",
            2 => $"{area}.{exchange}.{line}",
            3 => $"+1 {area} {exchange} {line}",
            4 => $"+44 20 {Digits(4)} {Digits(4)}",
            5 => $"+49 30 {Digits(6)}",
            _ => $"+33 1 {Digits(2)} {Digits(2)} {Digits(2)} {Digits(2)}",
        };
    }

    private string Card()
    {
        var (prefix, length) = Pick(new[] { ("4", 16), ("51", 16), ("55", 16), ("37", 15), ("6011", 16), ("35", 16) });
        if (prefix == "35") prefix = "3530";
        string body = prefix + Digits(length - prefix.Length - 1);
        for (int check = 0; check < 10; check++)
        {
            string candidate = body + (char)('0' + check);
            if (!Checksums.Luhn(candidate)) continue;
            string sep = Pick(new[] { " ", "-", "" });
            if (sep.Length == 0) return candidate;
            return length == 15
                ? $"{candidate[..4]}{sep}{candidate[4..10]}{sep}{candidate[10..]}"
                : string.Join(sep, Enumerable.Range(0, 4).Select(g => candidate.Substring(g * 4, 4)));
        }
        throw new InvalidOperationException("no Luhn digit");
    }

    private string Ssn()
    {
        int area;
        do area = _random.Next(1, 900); while (area == 666);
        return $"{area:000}-{_random.Next(1, 100):00}-{_random.Next(1, 10000):0000}";
    }

    private string Iban()
    {
        var (country, bban) = _random.Next(3) switch
        {
            0 => ("DE", Digits(18)),
            1 => ("GB", "WEST" + Digits(14)),
            _ => ("FR", Digits(23)),
        };
        string rearranged = bban + country + "00";
        int mod = 0;
        foreach (char c in rearranged)
            mod = char.IsAsciiDigit(c) ? (mod * 10 + (c - '0')) % 97 : (mod * 100 + (c - 'A' + 10)) % 97;
        string iban = country + (98 - mod).ToString("00", CultureInfo.InvariantCulture) + bban;
        if (_random.Next(2) == 0) return iban;
        return string.Join(' ', Enumerable.Range(0, (iban.Length + 3) / 4).Select(g => iban.Substring(g * 4, Math.Min(4, iban.Length - g * 4))));
    }

    private void Secret()
    {
        switch (_random.Next(7))
        {
            case 0: Plain("The leaked key id was "); Pii("AKIA" + Alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), PiiType.Secret); Plain(" in the log."); break;
            case 1: Plain("aws_secret_access_key = "); Pii(Alnum(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"), PiiType.Secret); break;
            case 2: Plain("Set GITHUB_TOKEN to "); Pii("ghp_" + Alnum(36), PiiType.Secret); Plain(" before running."); break;
            case 3: Plain("The bot used "); Pii($"xoxb-{Digits(12)}-{Digits(12)}-{Alnum(24)}", PiiType.Secret); Plain(" to post."); break;
            case 4: Plain("Authorization: Bearer "); Pii($"eyJ{Alnum(20)}.eyJ{Alnum(40)}.{Alnum(43)}", PiiType.Secret); break;
            case 5:
                Plain("Key file:\n");
                Pii($"-----BEGIN PRIVATE KEY-----\n{Alnum(64)}\n{Alnum(64)}\n-----END PRIVATE KEY-----", PiiType.Secret);
                Plain("\nend of file.");
                break;
            default: Plain("api_key: \""); Pii(Alnum(32), PiiType.Secret); Plain("\""); break;
        }
    }

    private void NegativeSentence()
    {
        switch (_random.Next(14))
        {
            case 0: Plain($"Install version {_random.Next(1, 20)}.{_random.Next(10)}.{_random.Next(10)}.{_random.Next(100)} of the package."); break;
            case 1: Plain($"The meeting is on {_random.Next(2000, 2030)}-{_random.Next(1, 13):00}-{_random.Next(1, 29):00} at {_random.Next(24):00}:{_random.Next(60):00}."); break;
            case 2: Plain($"The book (ISBN 978-{_random.Next(10)}-{Digits(3)}-{Digits(5)}-{_random.Next(10)}) is out of print."); break;
            case 3:
            {
                string order;
                do order = "4" + Digits(15); while (Checksums.Luhn(order));
                Plain($"Your order number is {order}.");
                break;
            }
            case 4: Plain($"The router sits at 192.168.{_random.Next(256)}.{_random.Next(1, 255)} and the proxy at 10.{_random.Next(256)}.0.{_random.Next(1, 255)}."); break;
            case 5: Plain($"Docs use 192.0.2.{_random.Next(1, 255)}, 2001:db8::{_random.Next(1, 0xffff):x} and ::1 as examples."); break;
            case 6: Plain($"commit {Drawn(40, "0123456789abcdef")} fixed the build."); break;
            case 7: Plain($"The total was ${_random.Next(1, 999)},{Digits(3)}.{Digits(2)} for {_random.Next(2, 90)} items."); break;
            case 8: Plain($"Call extension {_random.Next(100, 999)} or dial 1{_random.Next(10)}{_random.Next(10)}-555-0100 (an invalid area code)."); break;
            case 9: Plain($"Follow @{Pick(First)} for updates on {Pick(Domains)}."); break;
            case 10: Plain($"Set timeout = {_random.Next(1000, 99999)} and path = /usr/local/lib/{Pick(Last)}."); break;
            case 11: Plain($"Form 000-{_random.Next(10, 99)}-{Digits(4)} is a placeholder SSN."); break;
            case 12: Plain($"Reference GB00WEST{Digits(14)} has a wrong checksum."); break;
            default: Plain($"The device MAC is 00:1A:2B:{_random.Next(16, 255):X2}:4D:5E, uuid {Drawn(8, Hex)}-{Drawn(4, Hex)}-4{Drawn(3, Hex)}-a{Drawn(3, Hex)}-{Drawn(12, Hex)}."); break;
        }
    }
}
