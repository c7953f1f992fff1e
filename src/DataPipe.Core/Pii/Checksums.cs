namespace DataPipe.Core.Pii;

/// <summary>Check-digit algorithms that separate real identifiers from look-alike digit strings.</summary>
public static class Checksums
{
    /// <summary>Luhn over the ASCII digits of <paramref name="s"/> (other characters ignored).</summary>
    public static bool Luhn(ReadOnlySpan<char> s)
    {
        int sum = 0;
        bool doubleIt = false;
        int digits = 0;
        for (int i = s.Length - 1; i >= 0; i--)
        {
            char c = s[i];
            if (!char.IsAsciiDigit(c)) continue;
            int d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
            digits++;
        }
        return digits > 0 && sum % 10 == 0;
    }

    /// <summary>ISBN-13 check (weights 1,3) over the ASCII digits.</summary>
    public static bool Isbn13(ReadOnlySpan<char> s)
    {
        int sum = 0, n = 0;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c)) continue;
            sum += (c - '0') * (n % 2 == 0 ? 1 : 3);
            n++;
        }
        return n == 13 && sum % 10 == 0;
    }

    /// <summary>ISO 13616 IBAN check: move the first four characters to the end, letters → 10..35, value mod 97 = 1.
    /// Spaces are skipped; any other non-alphanumeric character fails.</summary>
    public static bool IbanMod97(ReadOnlySpan<char> s)
    {
        Span<char> compact = stackalloc char[40];
        int n = 0;
        foreach (char c in s)
        {
            if (c == ' ') continue;
            if (n == compact.Length || !char.IsAsciiLetterOrDigit(c)) return false;
            compact[n++] = char.ToUpperInvariant(c);
        }
        if (n < 5) return false;
        int remainder = 0;
        for (int k = 0; k < n; k++)
        {
            char c = compact[(k + 4) % n];
            if (char.IsAsciiDigit(c)) remainder = (remainder * 10 + (c - '0')) % 97;
            else remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder == 1;
    }
}
