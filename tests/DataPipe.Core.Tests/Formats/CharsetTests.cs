using System.Text;

namespace DataPipe.Core.Tests.Formats;

/// <summary>Declared non-UTF-8 charsets (HTTP header, &lt;meta&gt;, WARC Content-Type) are honoured and counted.</summary>
public sealed class CharsetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    static CharsetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _dir.Dispose();

    private const string French = "Café crème — naïve “quotes” déjà vu";
    private const string Latin1 = "Ça coûte très cher, garçon";
    private const string Japanese = "日本語のテキストです。東京へようこそ";

    [Fact]
    public void Declared_charsets_are_decoded()
    {
        var w1252 = Encoding.GetEncoding("windows-1252");
        var latin1 = Encoding.GetEncoding("iso-8859-1");
        var sjis = Encoding.GetEncoding("shift_jis");
        var builder = new WarcFileBuilder()
            .Response(0, w1252.GetBytes($"<html><body><p>{French}</p></body></html>"), "text/html; charset=windows-1252")
            .Response(1, latin1.GetBytes($"<html><head><meta charset=\"iso-8859-1\"></head><body><p>{Latin1}</p></body></html>"), "text/html")
            .Response(2, sjis.GetBytes($"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body><div>{Japanese}</div></body></html>"), "text/html")
            .Conversion(3, block: w1252.GetBytes(French + "\n"), contentType: "text/plain; charset=windows-1252")
            .Response(4, Encoding.UTF8.GetBytes($"<p>{Japanese}</p>"), "text/html; charset=UTF-8");
        string path = _dir.File("charsets.warc.gz");
        File.WriteAllBytes(path, builder.GzipPerRecord());
        var run = ReaderRun.Of(path, "warc");

        Assert.Equal([French, Latin1, Japanese, French + "\n", Japanese], run.Documents.Select(d => d.Text));
        Assert.Equal(["windows-1252", "iso-8859-1", "Shift_JIS", "windows-1252", "UTF-8"], run.Documents.Select(d => d.Metadata["charset"]));
        Assert.Equal(4, run.Count("charset_decoded"));
        Assert.Equal(0, run.Count("utf8_repaired"));
        Assert.Empty(run.Quarantined);
    }

    [Fact]
    public void Unknown_charset_falls_back_to_utf8_and_is_counted()
    {
        var builder = new WarcFileBuilder().Response(0, Encoding.UTF8.GetBytes("<p>plain ascii</p>"), "text/html; charset=x-made-up");
        string path = _dir.File("unknown.warc");
        File.WriteAllBytes(path, builder.Plain());
        var run = ReaderRun.Of(path, "warc");
        Assert.Equal("plain ascii", Assert.Single(run.Documents).Text);
        Assert.Equal(1, run.Count("charset_unknown"));
    }
}
