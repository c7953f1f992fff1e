using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;

namespace DataPipe.Core.Pii.Detectors;

/// <summary>
/// Credentials: PEM private-key blocks, AWS access key ids and secret keys, GitHub, Slack and Stripe secret tokens,
/// Google API keys, JWTs, and values assigned to a credential's name (<see cref="CredentialContext"/>): 32+ hex
/// digits, or long and high-entropy; bare 40-character keys must not be made of words. A hex run without such a name (a git hash, a checksum) and a
/// placeholder are never secrets.
/// </summary>
public static partial class SecretDetector
{
    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----[\s\S]{0,16384}?-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex PemBlock();

    // Each token kind has its own pattern with a literal prefix, so the search for it is a vectorised IndexOf.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex AwsKeyId();

    private static readonly SearchValues<string> AwsKeyPrefixes =
        SearchValues.Create(["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"], StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex GitHubToken();

    private static readonly SearchValues<string> GitHubPrefixes =
        SearchValues.Create(["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![A-Za-z0-9_])xox[abposre]-[A-Za-z0-9\-]{10,250}(?![A-Za-z0-9\-])|hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{16,32}",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex SlackToken();

    // Stripe secret and restricted keys (publishable pk_ keys are meant to be public).
    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex StripeKey();

    private static readonly SearchValues<string> StripePrefixes =
        SearchValues.Create(["sk_live_", "sk_test_", "rk_live_", "rk_test_"], StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])AIza[A-Za-z0-9_\-]{35}(?![A-Za-z0-9_\-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    // An AWS secret access key is 40 characters of base64 alphabet; standing alone (not inside a longer run of such
    // characters, so not a slice of a base64 blob or a path) and looking random, it is a secret even without a key name.
    private const int BareSecretLength = 40;

    private static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/");

    private const double MinBareSecretEntropy = 4.3;

    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,4096}\.eyJ[A-Za-z0-9_\-]{8,8192}\.[A-Za-z0-9_\-]{8,2048}(?![A-Za-z0-9_\-])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Jwt();

    private const int MaxValueLength = 1024;

    private static readonly SearchValues<char> AssignmentMarks = SearchValues.Create("=:");

    private static readonly SearchValues<char> ValueChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/_-=.~");

    // Passwords carry symbols a token alphabet lacks; after a credential's name they are part of the value.
    private static readonly SearchValues<char> PasswordSymbols = SearchValues.Create("!$%*^");

    public static void Find(ReadOnlySpan<char> text, List<PiiSpan> spans, int minValueLength, double minEntropy)
    {
        if (text.Contains("-----BEGIN ", StringComparison.Ordinal))
            foreach (var m in PemBlock().EnumerateMatches(text)) spans.Add(new PiiSpan(m.Index, m.Length, PiiType.Secret));
        // Each regex runs only when its literal prefix occurs: a vectorized search is far cheaper than starting a
        // regex scan (with its timeout) on every document.
        if (text.IndexOfAny(AwsKeyPrefixes) >= 0) AddTokens(AwsKeyId(), text, spans);
        if (text.IndexOfAny(GitHubPrefixes) >= 0) AddTokens(GitHubToken(), text, spans);
        if (text.Contains("xox", StringComparison.Ordinal) || text.Contains("hooks.slack.com", StringComparison.Ordinal)) AddTokens(SlackToken(), text, spans);
        if (text.IndexOfAny(StripePrefixes) >= 0) AddTokens(StripeKey(), text, spans);
        if (text.Contains("AIza", StringComparison.Ordinal)) AddTokens(GoogleApiKey(), text, spans);
        FindBareSecretKeys(text, spans);
        if (text.Contains("eyJ", StringComparison.Ordinal)) Add(Jwt(), text, spans);
        FindAssignments(text, spans, minValueLength, minEntropy);
    }

    private static void Add(Regex regex, ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        foreach (var m in regex.EnumerateMatches(text)) spans.Add(new PiiSpan(m.Index, m.Length, PiiType.Secret));
    }

    /// <summary>Prefixed tokens, except documentation placeholders (<c>sk_test_</c> and 24 <c>x</c>).</summary>
    private static void AddTokens(Regex regex, ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        foreach (var m in regex.EnumerateMatches(text))
            if (!CredentialContext.IsPlaceholder(text.Slice(m.Index, m.Length))) spans.Add(new PiiSpan(m.Index, m.Length, PiiType.Secret));
    }

    /// <summary>
    /// Maximal runs of the base64 alphabet exactly 40 long, not joined to <c>= _ -</c> on either side. Any run of 31
    /// or more characters covers a whole 16-character block at a multiple of 16, so only blocks made entirely of the
    /// alphabet are looked at more closely: ordinary words never fill one, and the scan tests a block, not a word.
    /// </summary>
    private static void FindBareSecretKeys(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        int scanned = 0;
        for (int block = 0; block + 16 <= text.Length; block += 16)
        {
            if (block < scanned || !IsBase64Block(text.Slice(block, 16))) continue;
            int start = block;
            while (start > 0 && Base64Chars.Contains(text[start - 1])) start--;
            int after = text[(block + 16)..].IndexOfAnyExcept(Base64Chars);
            int end = after < 0 ? text.Length : block + 16 + after;
            scanned = end;
            if (end - start != BareSecretLength) continue;
            if (start > 0 && text[start - 1] is '=' or '_' or '-') continue;
            if (end < text.Length && text[end] is '=' or '_' or '-') continue;
            var value = text[start..end];
            // Slashes make a path more often than a key: a random key has one or two (40 draws from 64 symbols).
            if (value.Count('/') > 5 || CredentialContext.IsMadeOfWords(value)) continue;
            // One in a hundred random keys has no digit, so + and / stand in for digits here.
            if (LooksRandom(value, MinBareSecretEntropy, symbolsCountAsDigits: true)) spans.Add(new PiiSpan(start, BareSecretLength, PiiType.Secret));
        }
    }

    /// <summary>True when all 16 characters are in the base64 alphabet (letters, digits, <c>+</c>, <c>/</c>).</summary>
    private static bool IsBase64Block(ReadOnlySpan<char> block)
    {
        if (!Vector256.IsHardwareAccelerated) return block.IndexOfAnyExcept(Base64Chars) < 0;
        var v = Vector256.LoadUnsafe(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(block)));
        // Folding 0x20 in maps only A–Z and a–z onto a–z; '/' (0x2F) sits just below the digits.
        var letter = Vector256.LessThanOrEqual((v | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)25));
        var slashOrDigit = Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'/'), Vector256.Create((ushort)10));
        var plus = Vector256.Equals(v, Vector256.Create((ushort)'+'));
        return (letter | slashOrDigit | plus) == Vector256<ushort>.AllBitsSet;
    }

    /// <summary>
    /// From each <c>=</c> or <c>:</c>: a credential's name on the left (<see cref="CredentialContext.IsCredentialName"/>),
    /// optionally quoted or <c>export</c>ed, and a value on the right that is 32+ hex digits, or long, high-entropy
    /// and not made of words or path parts; placeholders never count. Any other name (a URL scheme, a label, a
    /// Sphinx role) makes no secret, however random what follows it looks.
    /// </summary>
    private static void FindAssignments(ReadOnlySpan<char> text, List<PiiSpan> spans, int minValueLength, double minEntropy)
    {
        int from = 0;
        while (from < text.Length)
        {
            int rel = text[from..].IndexOfAny(AssignmentMarks);
            if (rel < 0) return;
            int mark = from + rel;
            from = mark + 1;
            var key = KeyBefore(text, mark);
            if (key.IsEmpty || !CredentialContext.IsCredentialName(key)) continue;
            int v = mark + 1;
            while (v < text.Length && text[v] is '=' or '>' or ':') v++;
            while (v < text.Length && text[v] is ' ' or '\t' or '"' or '\'' or '`') v++;
            // "Authorization: Bearer <token>": the scheme word is not the value.
            v = SkipAuthScheme(text, v);
            int end = v;
            while (end < text.Length && (ValueChars.Contains(text[end]) || PasswordSymbols.Contains(text[end]))) end++;
            // Marks inside this value run start no new assignment: scanning resumes after it (keeps the scan linear).
            from = Math.Max(from, end);
            if (end - v > MaxValueLength) continue;
            // A value ending in '.' is more likely the end of a sentence.
            while (end > v && text[end - 1] == '.') end--;
            if (end < text.Length && !IsValueTerminator(text[end])) continue;
            var value = text[v..end];
            if (CredentialContext.IsPlaceholder(value)) continue;
            // After a credential's name a random-looking value is the credential; only a URL is not.
            bool secret = CredentialContext.IsLongHex(value)
                || (value.Length >= minValueLength && LooksRandom(value, minEntropy) && !value.Contains("://", StringComparison.Ordinal));
            if (!secret) continue;
            spans.Add(new PiiSpan(v, end - v, PiiType.Secret));
            from = end;
        }
    }

    private static int SkipAuthScheme(ReadOnlySpan<char> text, int v)
    {
        foreach (string scheme in AuthSchemes)
            if (text[v..].StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return v + scheme.Length;
        return v;
    }

    private static readonly string[] AuthSchemes = ["Bearer ", "Token ", "Basic "];

    /// <summary>The identifier just before an assignment mark (quotes and blanks between are skipped), or empty.</summary>
    private static ReadOnlySpan<char> KeyBefore(ReadOnlySpan<char> text, int mark)
    {
        int i = mark;
        while (i > 0 && text[i - 1] is ' ' or '\t' or '"' or '\'') i--;
        int end = i;
        while (i > 0 && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '-' or '.')) i--;
        return end > i && (char.IsAsciiLetter(text[i]) || text[i] == '_') ? text[i..end] : default;
    }

    private static bool IsValueTerminator(char c) =>
        char.IsWhiteSpace(c) || c is '"' or '\'' or '`' or ',' or ';' or ')' or ']' or '}' or '&' or '#';

    /// <summary>Upper case, lower case and digits all present, not hex-only, and Shannon entropy ≥ the threshold.</summary>
    public static bool LooksRandom(ReadOnlySpan<char> value, double minEntropy, bool symbolsCountAsDigits = false)
    {
        bool upper = false, lower = false, digit = false;
        Span<int> counts = stackalloc int[128];
        counts.Clear();
        foreach (char c in value)
        {
            if (c >= 128) return false;
            counts[c]++;
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c) || (symbolsCountAsDigits && c is '+' or '/');
        }
        if (!(upper && lower && digit)) return false;
        double entropy = 0;
        foreach (int n in counts)
        {
            if (n == 0) continue;
            double p = (double)n / value.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy >= minEntropy;
    }
}
