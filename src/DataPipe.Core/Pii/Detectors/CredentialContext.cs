using System.Buffers;

namespace DataPipe.Core.Pii.Detectors;

/// <summary>
/// What makes a value a secret rather than a long token: the name it is assigned to (<c>api_key</c>,
/// <c>client_secret</c>, <c>DB_PASSWORD</c>, <c>authToken</c>), and a shape that is neither words, nor path
/// segments, nor a placeholder (<c>sk_test_xxxx…</c>). A URL scheme (<c>https:</c>), a Sphinx role (<c>:attr:</c>), a
/// <c>License:</c> or <c>Passed:</c> label is not a credential name, so what follows it is never a secret.
/// </summary>
public static class CredentialContext
{
    // Components (split at _ - . and camel-case humps, lower-cased) that make a name a credential's.
    private static readonly string[] SecretWords =
    [
        "secret", "secrets", "token", "tokens", "password", "passwd", "pwd", "pass", "passphrase", "apikey", "auth",
        "credential", "credentials", "privatekey", "accesskey", "secretkey", "authtoken", "bearer", "authorization",
    ];

    // A name ending in one of these holds something about the credential (where it is, what kind), not the credential.
    private static readonly string[] DescriptorWords =
    [
        "file", "path", "url", "uri", "dir", "name", "type", "id", "length", "len", "size", "format", "algorithm",
        "algo", "method", "mode", "endpoint", "header", "env", "count", "expiry", "expires", "ttl", "timeout",
        "version", "prefix", "field", "hint", "policy", "provider", "store", "location", "source", "user", "username",
        "email", "required", "enabled", "pattern", "regex", "cmd", "command", "helper", "manager", "server", "host",
    ];

    /// <summary>True for a credential's name: a component is a secret word, or the last one is <c>key</c>; never a
    /// public key's name, and never a name that describes a credential (<c>token_file</c>, <c>password_length</c>).</summary>
    public static bool IsCredentialName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 64) return false;
        Span<char> lower = stackalloc char[name.Length];
        Span<Range> parts = stackalloc Range[name.Length];
        int count = Split(name, lower, parts);
        if (count == 0) return false;
        bool credential = false;
        for (int i = 0; i < count; i++)
        {
            var part = lower[parts[i]];
            if (part is "public" or "pub") return false;
            if (Contains(SecretWords, part) || (i == count - 1 && part is "key" or "keys")) credential = true;
        }
        return credential && !Contains(DescriptorWords, lower[parts[count - 1]]);
    }

    /// <summary>Lower-cases <paramref name="name"/> into <paramref name="lower"/> and cuts it into components at
    /// <c>_ - . /</c>, spaces and camel-case humps (<c>clientSecret</c>, <c>APIKey</c>).</summary>
    private static int Split(ReadOnlySpan<char> name, Span<char> lower, Span<Range> parts)
    {
        int count = 0, start = -1;
        for (int i = 0; i <= name.Length; i++)
        {
            bool boundary = i == name.Length || !char.IsAsciiLetterOrDigit(name[i]);
            bool hump = !boundary && i > 0 && char.IsAsciiLetterUpper(name[i]) &&
                (char.IsAsciiLetterLower(name[i - 1]) || (i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1]) && char.IsAsciiLetterUpper(name[i - 1])));
            if ((boundary || hump) && start >= 0)
            {
                parts[count++] = start..i;
                start = -1;
            }
            if (boundary) continue;
            lower[i] = char.ToLowerInvariant(name[i]);
            if (start < 0) start = i;
        }
        return count;
    }

    private static bool Contains(string[] words, ReadOnlySpan<char> part)
    {
        foreach (string w in words)
            if (part.SequenceEqual(w)) return true;
        return false;
    }

    /// <summary>
    /// A documentation placeholder: a run of six or more of one character (<c>xxxxxx</c>, <c>XXXXXX</c>,
    /// <c>000000</c>, <c>******</c>). A random key of 62 symbols has such a run about once in 10^8 draws.
    /// </summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        int run = 1;
        for (int i = 1; i < value.Length; i++)
        {
            run = value[i] == value[i - 1] ? run + 1 : 1;
            if (run >= 6) return true;
        }
        return false;
    }

    /// <summary>Hex digits only, at least 32 of them (a 128-bit key or longer), with both digits and letters.</summary>
    public static bool IsLongHex(ReadOnlySpan<char> value)
    {
        if (value.Length < 32) return false;
        bool digit = false, letter = false;
        foreach (char c in value)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
            if (char.IsAsciiDigit(c)) digit = true; else letter = true;
        }
        return digit && letter;
    }

    /// <summary>
    /// Made of words or path and URL parts: a URL (<c>://</c>), or at least 40 % of the characters in word-like runs
    /// (<c>GFDL-1.1-no-invariants-or-later</c>, <c>/sys/class/timecard/ocpN/i2c</c>,
    /// <c>tools/javac/lambda/TargetType55.java</c>). A word-like run is four or more lower-case letters with a vowel
    /// and no more than four consonants in a row (<c>googlecloudsdk</c>) and none of the letter pairs English words
    /// almost never hold (<see cref="HasForeignPair"/>). Seeded draws of random keys put about 0.01 % of
    /// 40-character base64 keys over that bar. A path of two or more slashes whose
    /// segments are letters only (<c>CLOUDSDKROOT/lib/googlecloudsdk/schemas/</c>) is made of words too.
    /// </summary>
    public static bool IsMadeOfWords(ReadOnlySpan<char> value)
    {
        if (value.Contains("://", StringComparison.Ordinal) || IsLetterPath(value)) return true;
        int covered = 0, run = 0;
        for (int i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && char.IsAsciiLetterLower(value[i])) { run++; continue; }
            if (run >= 4 && IsWordLike(value[(i - run)..i])) covered += run;
            run = 0;
        }
        return covered * 10 >= value.Length * 4;
    }

    private static bool IsLetterPath(ReadOnlySpan<char> value)
    {
        if (value.Count('/') < 2) return false;
        foreach (var range in value.Split('/'))
        {
            var segment = value[range];
            if (segment.IsEmpty) continue;
            if (segment.Length < 3 || segment.ContainsAnyExcept(Letters)) return false;
        }
        return true;
    }

    private static readonly SearchValues<char> Letters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static bool IsWordLike(ReadOnlySpan<char> lower)
    {
        bool vowel = false;
        int consonants = 0;
        for (int i = 0; i < lower.Length; i++)
        {
            char c = lower[i];
            if (IsVowel(c)) { vowel = true; consonants = 0; }
            else if (++consonants > 4) return false;
            if (i + 1 < lower.Length && HasForeignPair(c, lower[i + 1])) return false;
        }
        return vowel;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>
    /// Pairs that random letters draw often and words (and identifiers built from words) almost never hold: <c>q</c>
    /// not before <c>u</c>, <c>j</c> or <c>v</c> before a consonant, <c>x</c> or <c>z</c> before a consonant other than
    /// the few that follow them in words (<c>text</c>, <c>export</c>, <c>exclude</c>, <c>texlive</c>, <c>puzzle</c>).
    /// </summary>
    private static bool HasForeignPair(char first, char second) => first switch
    {
        'q' => second != 'u',
        'j' or 'v' => !IsVowel(second),
        'x' => !IsVowel(second) && second is not ('t' or 'p' or 'c' or 'h' or 'l'),
        'z' => !IsVowel(second) && second is not ('z' or 'l'),
        _ => false,
    };
}
