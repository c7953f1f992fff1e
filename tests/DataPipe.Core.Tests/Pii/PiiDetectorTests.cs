using DataPipe.Core.Pii;

namespace DataPipe.Core.Tests.Pii;

public sealed class PiiDetectorTests
{
    private static readonly PiiScrubber Scrubber = new(new PiiOptions());

    private static IReadOnlyList<PiiSpan> Detect(string text) => Scrubber.Detect(text);

    [Theory]
    [InlineData("Write to jane.doe+news@mail.example-corp.com today.", "jane.doe+news@mail.example-corp.com", PiiType.Email)]
    [InlineData("Contact: o'brien_99@uni.ac.uk.", "o'brien_99@uni.ac.uk", PiiType.Email)]
    [InlineData("Server at 8.8.4.4 answered.", "8.8.4.4", PiiType.Ip)]
    [InlineData("Origin 2a00:1450:4001:81b::200e responded.", "2a00:1450:4001:81b::200e", PiiType.Ip)]
    [InlineData("Call (212) 555-0147 now.", "(212) 555-0147", PiiType.Phone)]
    [InlineData("Call 415-555-0199.", "415-555-0199", PiiType.Phone)]
    [InlineData("Call +1 646.555.0123 please.", "+1 646.555.0123", PiiType.Phone)]
    [InlineData("Ring +44 20 7946 0958 today.", "+44 20 7946 0958", PiiType.Phone)]
    [InlineData("Paid with 4111 1111 1111 1111 yesterday.", "4111 1111 1111 1111", PiiType.Card)]
    [InlineData("Amex 3782-822463-10005 on file.", "3782-822463-10005", PiiType.Card)]
    [InlineData("Card 5555555555554444.", "5555555555554444", PiiType.Card)]
    [InlineData("SSN 219-09-9999 on the form.", "219-09-9999", PiiType.Ssn)]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 for transfers.", "DE89 3704 0044 0532 0130 00", PiiType.Iban)]
    [InlineData("IBAN GB82WEST12345698765432.", "GB82WEST12345698765432", PiiType.Iban)]
    [InlineData("key AKIAIOSFODNN7EXAMPLE here", "AKIAIOSFODNN7EXAMPLE", PiiType.Secret)]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", PiiType.Secret)]
    [InlineData("token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 leaked", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", PiiType.Secret)]
    [InlineData("SLACK=xoxb-123456789012-abcdefGHIJKL", "xoxb-123456789012-abcdefGHIJKL", PiiType.Secret)]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", PiiType.Secret)]
    [InlineData("config: \"api_key\": \"Zx81kQm2Lp09VbN4rTy7Hs3D\",", "Zx81kQm2Lp09VbN4rTy7Hs3D", PiiType.Secret)]
    public void FindsPositive(string text, string expected, PiiType type)
    {
        var span = Assert.Single(Detect(text));
        Assert.Equal(type, span.Type);
        Assert.Equal(expected, text.Substring(span.Start, span.Length));
    }

    [Theory]
    [InlineData("Upgrade to version 1.2.3.4 or v10.0.19041.1 of the tool.")]
    [InlineData("Released 2024-01-15, patched 15/01/2024 and 2024.01.15 at 10:30:45.")]
    [InlineData("ISBN 978-3-16-148410-0 and ISBN 9780306406157 are books.")]
    [InlineData("Order 1234 5678 9012 3456 shipped; ref 4111111111111112.")]
    [InlineData("Hosts 192.168.1.20, 10.0.0.1, 127.0.0.1, 172.16.4.4, 192.0.2.1 and 203.0.113.9 are internal or examples.")]
    [InlineData("Addresses ::1, fe80::1ff:fe23:4567:890a and 2001:db8::8a2e:370:7334 are not public.")]
    [InlineData("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it; sha = 3f786850e387550fdab836ed7e6dc881de23001b")]
    [InlineData("MAC 00:1A:2B:3C:4D:5E and UUID 123e4567-e89b-12d3-a456-426614174000.")]
    [InlineData("Invalid SSNs 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567 and 123-45-0000.")]
    [InlineData("Bad IBAN DE89 3704 0044 0532 0130 01 fails the checksum.")]
    [InlineData("Numbers 123-456-7890 and 055-555-0123 have invalid area codes; price $1,234.56; pi 3.14159.")]
    [InlineData("Say hi to @jane on social; file icon@2x and user@localhost.")]
    [InlineData("path = /usr/local/lib/python3; password = hunter2; mode = production_environment_default")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----")]
    public void IgnoresLookAlike(string text)
    {
        var spans = Detect(text);
        Assert.True(spans.Count == 0, string.Join(", ", spans.Select(s => $"{s.Type}:'{text.Substring(s.Start, s.Length)}'")));
    }

    [Fact]
    public void PrivateIpsAreScrubbedWhenOnlyPublicIsOff()
    {
        var all = new PiiScrubber(new PiiOptions { OnlyPublicIps = false });
        Assert.Equal("Host <IP>.", all.Scrub("Host 192.168.1.20."));
    }

    [Fact]
    public void PemBlockKeepsItsLineCount()
    {
        const string text = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1\nqwerty\n-----END RSA PRIVATE KEY-----\nafter";
        string scrubbed = Scrubber.Scrub(text);
        Assert.Equal("before\n<SECRET>\n\n\n\nafter", scrubbed);
    }

    /// <summary>The bare-key scan looks at 16-character blocks; a key must be found wherever it falls against them,
    /// and a run one character longer or shorter must not be.</summary>
    [Fact]
    public void BareSecretKeyIsFoundAtEveryAlignmentAndOnlyAtLengthForty()
    {
        const string key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYz9Q2mVh4Lk";
        Assert.Equal(40, key.Length);
        for (int pad = 0; pad < 40; pad++)
        {
            string text = new string('x', pad) + " " + key + " tail";
            var span = Assert.Single(Detect(text));
            Assert.Equal((PiiType.Secret, pad + 1, 40), (span.Type, span.Start, span.Length));
            Assert.Empty(Detect(new string('x', pad) + " " + key + "Q tail"));
            Assert.Empty(Detect(new string('x', pad) + " " + key[1..] + " tail"));
        }
        Assert.Equal(0, Assert.Single(Detect(key)).Start);
    }
}
