using System.Text;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Formats.Text;

/// <summary>
/// Bytes → text honouring a declared charset (counted as <c>charset_decoded</c>); UTF-8 (the default) is repaired
/// with U+FFFD where invalid (<c>utf8_repaired</c>); an unknown charset name falls back to UTF-8 (<c>charset_unknown</c>).
/// </summary>
public static class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> bytes, string? charset, Counters counters)
    {
        if (charset is not null && !IsUtf8(charset))
        {
            var encoding = Find(charset);
            if (encoding is not null)
            {
                counters.Add("charset_decoded");
                return encoding.GetString(bytes);
            }
            counters.Add("charset_unknown");
        }
        string text = Utf8Text.Decode(bytes, out bool repaired);
        if (repaired) counters.Add("utf8_repaired");
        return text;
    }

    /// <summary>The encoding for a charset label, or null when .NET does not know it.</summary>
    public static Encoding? Find(string charset)
    {
        try { return Encoding.GetEncoding(charset); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>UTF-8 and its ASCII subset decode the same way, with repair.</summary>
    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) || charset.Equals("ascii", StringComparison.OrdinalIgnoreCase);
}
