using DataPipe.Core.Pii;
using DataPipe.Core.Pii.Detectors;

namespace DataPipe.Core.Tests.Pii;

/// <summary>Issue #18: each false-positive and missed form seen on real technical text, as a case.</summary>
public sealed class PiiRealTextTests
{
    private static readonly PiiScrubber Scrubber = new(new PiiOptions());

    private static string Describe(string text, IEnumerable<PiiSpan> spans) =>
        string.Join(", ", spans.Select(s => $"{s.Type}:'{text.Substring(s.Start, s.Length)}'"));

    [Theory]
    // URLs, SPDX ids, paths, Sphinx roles and labels are not secrets.
    [InlineData("Background: https://lwn.net/Articles/777036/ explains it.")]
    [InlineData("(<a href=\"https://gcc.gnu.org/PR100828\">PR100828</a>)")]
    [InlineData("License: GFDL-1.1-no-invariants-or-later")]
    [InlineData("License: BSD-3-clause-generic")]
    [InlineData("SPDX-License-Identifier: GPL-2.0-or-later")]
    [InlineData("path: /sys/class/timecard/ocpN/i2c")]
    [InlineData("Use :attr:`~ipaddress.IPv6Address.scope_id` for the zone.")]
    [InlineData("Signature Algorithm:md5WithRSAEncryption")]
    [InlineData("Passed: tools/javac/lambda/TargetType55.java")]
    [InlineData("<a href=\"doc/changelogs/CHANGELOG_V18.md#18.12.1\">18.12.1</a>")]
    [InlineData("see $CLOUDSDKROOT/lib/googlecloudsdk/schemas/...")]
    // A hex run without a credential's name is a hash.
    [InlineData("  * Fix the crash on start (commit 02bcae51c4d3e1f0a9b8c7d6e5f4a3b2c1d0f9ab).")]
    [InlineData("sha = 3f786850e387550fdab836ed7e6dc881de23001b")]
    // Placeholders are not keys.
    [InlineData("stripe.api_key = \"sk_test_xxxxxxxxxxxxxxxxxxxxxxxx\"")]
    [InlineData("Use AKIAXXXXXXXXXXXXXXXX as the key id.")]
    [InlineData("export API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    // A credential's descriptor is not the credential.
    [InlineData("token_file = /var/lib/app/Zx81kQm2Lp09VbN4rTy7Hs3D")]
    public void NoSecretInRealText(string text)
    {
        var spans = Scrubber.Detect(text);
        Assert.True(spans.Count == 0, Describe(text, spans));
    }

    [Theory]
    [InlineData("    \"secret_key\": \"02bcae51c4d3e1f0a9b8c7d6e5f4a3b2c1d0f9ab\",", "02bcae51c4d3e1f0a9b8c7d6e5f4a3b2c1d0f9ab")]
    [InlineData("export OPENWEATHER_API_KEY=5ad2cb8c0e1f4a7b9c3d2e1f0a9b8c7d", "5ad2cb8c0e1f4a7b9c3d2e1f0a9b8c7d")]
    [InlineData("client_secret = 11977555026d50cac34e83f9d609c50f1eae6bba", "11977555026d50cac34e83f9d609c50f1eae6bba")]
    [InlineData("API_KEY=96f5e794af4a2d9af09a31e6a0276af0", "96f5e794af4a2d9af09a31e6a0276af0")]
    [InlineData("api_key = 'cd52af8b3181d9d32cab9973aad3303b'", "cd52af8b3181d9d32cab9973aad3303b")]
    [InlineData("const clientSecret = \"uavt8uYeWIzdOrHqedVM8JHyiUAGAYJ0NRoZ\";", "uavt8uYeWIzdOrHqedVM8JHyiUAGAYJ0NRoZ")]
    [InlineData("DB_PASSWORD=*9Mg!!92juNSvVXxtegYfXnC", "*9Mg!!92juNSvVXxtegYfXnC")]
    [InlineData("api_key: \"UCvVywjdvelWYOKqs9rPEogDmpygcot4\"", "UCvVywjdvelWYOKqs9rPEogDmpygcot4")]
    [InlineData("Authorization: Bearer Zx81kQm2Lp09VbN4rTy7Hs3Dq", "Zx81kQm2Lp09VbN4rTy7Hs3Dq")]
    [InlineData("stripe.api_key = \"sk_test_4eC39HqLyjWDarjtT1zdp7dc\"", "sk_test_4eC39HqLyjWDarjtT1zdp7dc")]
    public void SecretAfterCredentialName(string text, string expected)
    {
        var span = Assert.Single(Scrubber.Detect(text));
        Assert.Equal((PiiType.Secret, expected), (span.Type, text.Substring(span.Start, span.Length)));
    }

    [Theory]
    [InlineData("See Section 1.7.8.6 for the rules.")]
    [InlineData("as required by Clause 2.4.3.4 of the standard")]
    [InlineData("Sec. 4.2.19.7 and § 4.2.1.3 and §4.2.1.3")]
    [InlineData("zlib 1.2.3.4 fixes the crash.")]
    [InlineData("BIOS 1.2.3.4 fixes the crash.")]
    [InlineData("OpenSSL 95.40.72.223 is out.")]
    [InlineData("Depends: pcre2 (>= 27.4.99.143)")]
    [InlineData("Build-Depends: libxext-dev (>= 1:1.0.99.4)")]
    [InlineData("Changes in 27.4.99.143, 27.4.99.142 and 27.4.99:")]
    [InlineData("Bump standards version to 3.7.2.0.")]
    [InlineData("Reset version from 1.2.0.0 to 1.2.0")]
    [InlineData("patch V8 to 9.4.146.26 (security)")]
    [InlineData("The release notes to 1.7.5.1 forgot to mention it.")]
    [InlineData("- [X] 11.1.2.1 Test Send/Receive mode (SRM)")]
    [InlineData("  * Standards-Version updated to 4.6.0.1")]
    [InlineData("Re-inject the changes from 4.1.2.1.")]
    [InlineData("text before\n3.43.5.3 Why does LTnlink fail?")]
    [InlineData("Upgrade mesa to 21.27.223.17-1ubuntu1, or 21.27.223.17+dfsg, or 21.27.223.17~rc1.")]
    [InlineData("Download foo-21.127.223.17.tar.gz now.")]
    [InlineData("release 23.1.6.226 and v29.8.13.4 and version: 99.18.9.9")]
    public void DottedNumbersInVersionOrSectionContextAreNotIps(string text)
    {
        var spans = Scrubber.Detect(text);
        Assert.True(spans.Count == 0, Describe(text, spans));
    }

    [Theory]
    [InlineData("Connection from 8.8.4.4 was refused.", "8.8.4.4")]
    [InlineData("ping 1.1.1.1", "1.1.1.1")]
    [InlineData("This request will use the server at 4.4.4.4 instead.", "4.4.4.4")]
    [InlineData("Our public IP is 9.9.9.9, please allow it.", "9.9.9.9")]
    [InlineData("curl http://18.24.24.8/status", "18.24.24.8")]
    [InlineData("It listens on 12.3.4.5:8080.", "12.3.4.5")]
    [InlineData("Blocked 221.239.82.22 after 5 failed logins.", "221.239.82.22")]
    [InlineData("zlib was fetched from 221.239.82.22 today.", "221.239.82.22")]
    [InlineData("Requests came from 64:ff9b::5.1.76.19 all night.", "64:ff9b::5.1.76.19")]
    [InlineData("http://[2a02:1b8c:9d::1f]:8080/", "2a02:1b8c:9d::1f")]
    [InlineData("Origin 2a01::1 and more", "2a01::1")]
    public void AddressesInAddressContextStayIps(string text, string expected)
    {
        var span = Assert.Single(Scrubber.Detect(text));
        Assert.Equal((PiiType.Ip, expected), (span.Type, text.Substring(span.Start, span.Length)));
    }

    [Theory]
    [InlineData("Pass `-a::` to it.")]
    [InlineData("Call add:: then 10:1:: and beef::cafe, a::b or Foo::Bar::baz.")]
    [InlineData("identifier value \"f9:2a:c2:77:29:f9:5c:00\".")]
    [InlineData("NAT64 of a private host: 64:ff9b::10.1.2.3.")]
    public void ColonWordsAreNotIpv6(string text)
    {
        var spans = Scrubber.Detect(text);
        Assert.True(spans.Count == 0, Describe(text, spans));
    }

    [Fact]
    public void Nat64AddressIsReplacedWhole()
    {
        Assert.Equal("Requests came from <IP> all night.", Scrubber.Scrub("Requests came from 64:ff9b::5.1.76.19 all night."));
    }

    [Theory]
    [InlineData("Reference DE48 5944 8656 6419 0588 17 has a wrong checksum.")]
    [InlineData("Reference 5944 8656 6419 0588 1712 is an account.")]
    [InlineData("Reference 0123-5944-8656-6419-0588 is an account.")]
    public void NumberInsideLongerDigitGroupsIsNotACard(string text)
    {
        Assert.True(NumberDetectors.IsCard("5944 8656 6419 0588") || NumberDetectors.IsCard("5944-8656-6419-0588"));
        var spans = Scrubber.Detect(text);
        Assert.True(spans.Count == 0, Describe(text, spans));
    }

    [Fact]
    public void CardWithWordsAroundIsStillACard()
    {
        const string text = "Paid with 5944 8656 6419 0588 yesterday.";
        var span = Assert.Single(Scrubber.Detect(text));
        Assert.Equal((PiiType.Card, "5944 8656 6419 0588"), (span.Type, text.Substring(span.Start, span.Length)));
    }

    [Fact]
    public void PhoneIsNotTakenFromAPackageVersion()
    {
        const string text = "llvm-toolchain-snapshot (1:10~+20191229111838+6991d5728f1-1~exp1) experimental";
        Assert.Empty(Scrubber.Detect(text));
    }

    [Theory]
    [InlineData("api_key", true)]
    [InlineData("OPENWEATHER_API_KEY", true)]
    [InlineData("clientSecret", true)]
    [InlineData("aws_secret_access_key", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("stripe.api_key", true)]
    [InlineData("APIKey", true)]
    [InlineData("https", false)]
    [InlineData("License", false)]
    [InlineData("author", false)]
    [InlineData("public_key", false)]
    [InlineData("token_file", false)]
    [InlineData("password_length", false)]
    [InlineData("keyboard", false)]
    public void CredentialNames(string name, bool credential) => Assert.Equal(credential, CredentialContext.IsCredentialName(name));

    /// <summary>The words test must not eat random keys: over seeded draws of 40-character base64 keys, fewer than
    /// one in 4,000 look like words (the documented rate is about 0.01 %).</summary>
    [Fact]
    public void RandomKeysAreRarelyMadeOfWords()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var random = new Random(18);
        int words = 0;
        const int draws = 20_000;
        for (int d = 0; d < draws; d++)
        {
            var key = new char[40];
            for (int i = 0; i < key.Length; i++) key[i] = alphabet[random.Next(alphabet.Length)];
            if (CredentialContext.IsMadeOfWords(key)) words++;
        }
        Assert.True(words < draws / 4000, $"{words} of {draws} random keys looked like words");
        Assert.True(CredentialContext.IsMadeOfWords("GFDL-1.1-no-invariants-or-later"));
        Assert.True(CredentialContext.IsMadeOfWords("CLOUDSDKROOT/lib/googlecloudsdk/schemas/"));
        Assert.False(CredentialContext.IsMadeOfWords("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        // Three runs of random lower-case letters cover 40 % of this planted key, but none of them is a word.
        Assert.False(CredentialContext.IsMadeOfWords("+90neqrzIQ9GjurljsJ4B0Bds5fDAKOI9zowkpEG"));
        Assert.True(CredentialContext.IsMadeOfWords("usr/share/doc/texlive-extra/exporting.txt"));
    }
}
