using System.Text;
using System.Text.Unicode;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Formats.Text;

/// <summary>
/// HTML bytes → text in the WHATWG encoding-sniffing order, each decision counted: a byte-order mark
/// (<c>charset_bom</c>, the mark is not part of the text), the HTTP <c>Content-Type</c> charset (<c>charset_http</c>;
/// a label nobody knows is counted as <c>charset_unknown</c> and ignored, as browsers do), the <c>&lt;meta&gt;</c>
/// prescan of the first 1,024 bytes (<c>charset_meta</c>), then — beyond the standard, for pages whose declaration
/// sits behind long scripts — the same prescan over 64 KB (<c>charset_meta_late</c>), then detection: bytes that are
/// valid UTF-8 are UTF-8 (<c>charset_detected_utf8</c>), anything else windows-1252, the browsers' default for
/// undeclared Western pages (<c>charset_default</c>). Labels map as WHATWG maps them (<see cref="EncodingLabels"/>).
/// </summary>
public static class HtmlDecoder
{
    /// <param name="httpCharset">The <c>charset=</c> of the HTTP Content-Type, or null.</param>
    /// <param name="label">The charset that decided: the label as declared, or the detected encoding's name.</param>
    public static string Decode(ReadOnlySpan<byte> body, string? httpCharset, Counters counters, out string label)
    {
        if (Bom(body, out var bomEncoding, out int bomLength))
        {
            counters.Add("charset_bom");
            label = bomEncoding.WebName;
            return DecodeWith(body[bomLength..], bomEncoding, counters);
        }
        if (httpCharset is not null)
        {
            var encoding = EncodingLabels.Find(httpCharset);
            if (encoding is not null)
            {
                counters.Add("charset_http");
                label = httpCharset;
                return DecodeWith(body, encoding, counters);
            }
            counters.Add("charset_unknown");
        }
        var declared = MetaPrescan.Find(body, MetaPrescan.StandardBytes, out string? metaLabel);
        if (declared is not null) counters.Add("charset_meta");
        else if (body.Length > MetaPrescan.StandardBytes)
        {
            declared = MetaPrescan.Find(body, MetaPrescan.WideBytes, out metaLabel);
            if (declared is not null) counters.Add("charset_meta_late");
        }
        if (declared is not null)
        {
            label = metaLabel!;
            return DecodeWith(body, declared, counters);
        }
        if (Utf8.IsValid(body))
        {
            counters.Add("charset_detected_utf8");
            label = "utf-8";
            return Encoding.UTF8.GetString(body);
        }
        counters.Add("charset_default");
        label = "windows-1252";
        return DecodeWith(body, EncodingLabels.Find(label)!, counters);
    }

    private static string DecodeWith(ReadOnlySpan<byte> body, Encoding encoding, Counters counters)
    {
        if (encoding.CodePage == 65001)
        {
            string text = Utf8Text.Decode(body, out bool repaired);
            if (repaired) counters.Add("utf8_repaired");
            return text;
        }
        counters.Add("charset_decoded");
        return encoding.GetString(body);
    }

    private static bool Bom(ReadOnlySpan<byte> body, out Encoding encoding, out int length)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) { encoding = new UTF8Encoding(false); length = 3; return true; }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) { encoding = new UnicodeEncoding(bigEndian: true, byteOrderMark: false); length = 2; return true; }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) { encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: false); length = 2; return true; }
        encoding = null!;
        length = 0;
        return false;
    }
}
