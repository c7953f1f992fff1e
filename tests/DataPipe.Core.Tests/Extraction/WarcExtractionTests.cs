using System.Text;
using DataPipe.Core.Formats.Html;
using DataPipe.Core.Tests.Formats;

namespace DataPipe.Core.Tests.Extraction;

/// <summary>The WARC reader extracts with the input's <c>extraction:</c> option, keeps the title and decodes by sniffing.</summary>
public sealed class WarcExtractionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Article = "Die Brücke über den Fluss wird im Frühjahr gesperrt, weil die alten Pfeiler erneuert werden müssen und die Arbeiten mehrere Monate dauern.";

    private string WarcWithPage()
    {
        string page = "<html><head><script>" + new string('x', 1200) + "</script><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
            + "<title>Brücke gesperrt</title></head><body><div class=\"sidebar\"><p>Weitere Nachrichten aus der Stadt und der Region finden Sie hier jeden Tag neu.</p></div>"
            + $"<div><p>{Article}</p><p>{Article}</p></div></body></html>";
        string path = _dir.File("page.warc");
        File.WriteAllBytes(path, new WarcFileBuilder().Response(0, Encoding.Latin1.GetBytes(page), "text/html").Plain());
        return path;
    }

    [Fact]
    public void Main_extraction_drops_the_sidebar_and_keeps_the_title_and_umlauts()
    {
        var run = ReaderRun.Of(WarcWithPage(), "warc");
        var document = Assert.Single(run.Documents);
        Assert.Equal($"{Article}\n\n{Article}", document.Text);
        Assert.Equal("Brücke gesperrt", document.Metadata["title"]);
        Assert.Equal("iso-8859-1", document.Metadata["charset"]);
        Assert.Equal(1, run.Count("charset_meta_late"));
    }

    [Fact]
    public void All_extraction_keeps_the_sidebar()
    {
        var run = ReaderRun.Of(WarcWithPage(), "warc", html: new HtmlExtractionOptions { Mode = ExtractionMode.All });
        Assert.Contains("Weitere Nachrichten", Assert.Single(run.Documents).Text);
    }
}
