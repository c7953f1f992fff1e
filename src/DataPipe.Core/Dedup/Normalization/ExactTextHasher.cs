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
    /// <summary>Every whitespace character but the plain space; a single space between words is already normal.</summary>
    private const string OtherWhitespace =
        "\t\n\v\f\r\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" " + OtherWhitespace);
    private static readonly SearchValues<char> WhitespaceButSpace = SearchValues.Create(OtherWhitespace);

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

    /// <summary>
    /// Trims and turns every whitespace run into one space, in place; returns the new length. A single space between
    /// words is already normal, so only "irregular" places — another whitespace character or two spaces in a row —
    /// are looked for, with vectorized searches, and the text between them is moved in bulk.
    /// </summary>
    internal static int Collapse(Span<char> text)
    {
        int start = 0, end = text.Length;
        while (start < end && IsWhitespace(text[start])) start++;
        while (end > start && IsWhitespace(text[end - 1])) end--;
        var body = text[start..end];
        int read = 0, write = 0;
        int nextOther = -2, nextDouble = -2; // next irregular place of each kind; -1 = none left, -2 = not searched
        while (read < body.Length)
        {
            if (nextOther != -1 && nextOther < read) nextOther = Offset(body, read, body[read..].IndexOfAny(WhitespaceButSpace));
            if (nextDouble != -1 && nextDouble < read) nextDouble = Offset(body, read, body[read..].IndexOf("  ", StringComparison.Ordinal));
            int run = nextOther < 0 ? nextDouble : nextDouble < 0 ? nextOther : Math.Min(nextOther, nextDouble);
            if (run < 0) run = body.Length;
            // The run of whitespace starts at the first space before the irregular place (the body is trimmed, so a
            // non-whitespace character precedes it).
            while (run > read && run < body.Length && body[run - 1] == ' ') run--;
            if (write != read) body[read..run].CopyTo(body[write..]);
            write += run - read;
            if (run == body.Length) break;
            read = run;
            while (read < body.Length && IsWhitespace(body[read])) read++;
            body[write++] = ' ';
        }
        if (start > 0) body[..write].CopyTo(text);
        return write;
    }

    private static int Offset(ReadOnlySpan<char> body, int from, int found) => found < 0 ? -1 : from + found;

    private static bool IsWhitespace(char c) => c == ' ' || (c <= '\r' && c >= '\t') || (c > '\u007f' && Whitespace.Contains(c));
}
