using System.Text;
using DataPipe.Core.Formats.Text;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Tests.Formats;

/// <summary>The WHATWG sniffing order of <see cref="HtmlDecoder"/>: one page per step, each decision counted.</summary>
public sealed class HtmlDecoderTests
{
    private const string German = "Grüße aus Köln, schöne Tür";
    // Field initialisers run before a static constructor's body: the provider is registered here, not there, so the
    // class does not depend on another test having registered it first.
    private static readonly Encoding W1252 = CodePage(1252);

    private static Encoding CodePage(int page)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(page);
    }

    private static (string Text, string Label, Counters Counters) Decode(byte[] body, string? http = null)
    {
        var counters = new Counters();
        string text = HtmlDecoder.Decode(body, http, counters, out string label);
        return (text, label, counters);
    }

    [Fact]
    public void A_byte_order_mark_wins_over_every_declaration_and_is_stripped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"<meta charset=windows-1252><p>{German}</p>")];
        var (text, _, counters) = Decode(body, http: "iso-8859-2");
        Assert.Equal($"<meta charset=windows-1252><p>{German}</p>", text);
        Assert.Equal(1, counters.Get("charset_bom"));
    }

    [Fact]
    public void The_http_charset_wins_over_the_meta()
    {
        var (text, label, counters) = Decode(W1252.GetBytes($"<meta charset=utf-8><p>{German}</p>"), http: "windows-1252");
        Assert.Contains(German, text);
        Assert.Equal("windows-1252", label);
        Assert.Equal(1, counters.Get("charset_http"));
    }

    [Fact]
    public void An_unknown_http_label_is_counted_and_the_meta_decides()
    {
        var (text, _, counters) = Decode(W1252.GetBytes($"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>{German}</p>"), http: "x-nonsense");
        Assert.Contains(German, text);
        Assert.Equal(1, counters.Get("charset_unknown"));
        Assert.Equal(1, counters.Get("charset_meta"));
    }

    [Fact]
    public void The_meta_prescan_skips_comments_and_needs_the_pragma_for_content()
    {
        string page = $"<!-- <meta charset=koi8-r> --><meta content=\"text/html; charset=koi8-r\"><meta charset='windows-1252'><p>{German}</p>";
        var (text, label, counters) = Decode(W1252.GetBytes(page));
        Assert.Contains(German, text);
        Assert.Equal("windows-1252", label);
        Assert.Equal(1, counters.Get("charset_meta"));
    }

    [Fact]
    public void Iso_8859_1_declared_past_1024_bytes_decodes_right()
    {
        // Before the wider scan the declaration at byte ~1,226 was missed and "ü" came out as U+FFFD.
        string head = "<html><head><script>" + new string('x', 1180) + "</script>";
        string page = head + $"<meta http-equiv=\"content-type\" content=\"text/html; charset=iso-8859-1\"></head><body><p>{German}</p></body></html>";
        Assert.InRange(page.IndexOf("iso-8859-1", StringComparison.Ordinal), 1025, 1400);
        var (text, label, counters) = Decode(Encoding.Latin1.GetBytes(page));
        Assert.Contains(German, text);
        Assert.DoesNotContain('\uFFFD', text);
        Assert.Equal("iso-8859-1", label);
        Assert.Equal(1, counters.Get("charset_meta_late"));
        Assert.Equal(0, counters.Get("charset_meta"));
    }

    [Fact]
    public void Latin1_and_ascii_labels_mean_windows_1252()
    {
        // 0x80 is the euro sign in windows-1252 and a control character in true ISO-8859-1.
        foreach (string label in new[] { "iso-8859-1", "latin1", "us-ascii", "ASCII" })
        {
            var (text, _, _) = Decode([.. Encoding.ASCII.GetBytes($"<meta charset=\"{label}\"><p>5 "), 0x80, .. Encoding.ASCII.GetBytes("</p>")]);
            Assert.Contains("5 €", text);
        }
    }

    [Fact]
    public void A_meta_declaring_utf16_is_read_as_utf8()
    {
        var (text, _, _) = Decode(Encoding.UTF8.GetBytes($"<meta charset=utf-16><p>{German}</p>"));
        Assert.Contains(German, text);
    }

    [Fact]
    public void Undeclared_valid_utf8_is_detected()
    {
        var (text, label, counters) = Decode(Encoding.UTF8.GetBytes($"<p>{German}</p>"));
        Assert.Contains(German, text);
        Assert.Equal("utf-8", label);
        Assert.Equal(1, counters.Get("charset_detected_utf8"));
    }

    [Fact]
    public void Undeclared_bytes_that_are_not_utf8_fall_back_to_windows_1252()
    {
        var (text, label, counters) = Decode(W1252.GetBytes($"<p>{German}</p>"));
        Assert.Contains(German, text);
        Assert.Equal("windows-1252", label);
        Assert.Equal(1, counters.Get("charset_default"));
    }
}
