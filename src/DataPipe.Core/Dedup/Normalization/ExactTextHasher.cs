using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace DataPipe.Core.Dedup.Normalization;

/// <summary>What exact dedup ignores when it compares two texts.</summary>
public sealed record ExactNormalization(bool Nfc = true, bool CaseFold = true, bool CollapseWhitespace = true);

/// <summary>
/// Hashes the normalized text to 128 bits (xxHash128 over UTF-16 code units). The normalized text only ever lives
/// in a pooled buffer: no allocation per document unless the text is not already in NFC.
/// </summary>
public static class ExactTextHasher
{
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(
        "\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    public static UInt128 Hash(string text, ExactNormalization options)
    {
        if (options.Nfc && !Ascii.IsValid(text) && !text.IsNormalized(NormalizationForm.FormC)) text = text.Normalize(NormalizationForm.FormC);
        if (!options.CaseFold && !options.CollapseWhitespace) return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan()));

        char[] rented = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        try
        {
            Span<char> buffer = rented.AsSpan(0, text.Length);
            if (options.CaseFold) text.AsSpan().ToLowerInvariant(buffer);
            else text.AsSpan().CopyTo(buffer);
            int length = options.CollapseWhitespace ? Collapse(buffer) : buffer.Length;
            return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(buffer[..length]));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Trims and turns every whitespace run into one space, in place; returns the new length.</summary>
    internal static int Collapse(Span<char> text)
    {
        int write = 0;
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (c == ' ' || (c <= '\r' && c >= '\t') || (c > '\u007f' && Whitespace.Contains(c)))
            {
                pendingSpace = write > 0;
                continue;
            }
            if (pendingSpace)
            {
                text[write++] = ' ';
                pendingSpace = false;
            }
            text[write++] = c;
        }
        return write;
    }
}
