using DataPipe.Core.Formats.Html;

namespace DataPipe.Core.Tests.Formats;

public sealed class HtmlTextExtractorTests
{
    private readonly HtmlTextExtractor _extractor = new(new HtmlExtractionOptions { Mode = ExtractionMode.All });

    [Fact]
    public void Boilerplate_is_removed_and_paragraphs_are_kept()
    {
        const string html = """
            <html><head><title>T</title><script>alert(1)</script></head>
            <body>
              <header><h1>Site name</h1></header>
              <nav><a href="/">Home</a><a href="/x">Other</a></nav>
              <div class="cookie"><form>Accept cookies <button>OK</button></form></div>
              <article>
                <h2>The   heading</h2>
                <p>First paragraph with <b>bold</b> and <a href="#">a link</a>,
                   spread over lines.</p>
                <div><div><p>Nested paragraph.</p></div></div>
                <ul><li>Item one</li><li>Item two</li></ul>
                <p>Line one<br>Line two</p>
                <pre>code  line 1
            code  line 2</pre>
              </article>
              <aside>Sidebar</aside><noscript>No JS</noscript><style>.a{}</style>
              <footer>Footer text</footer>
            </body></html>
            """;
        Assert.Equal(
            "The heading\n\nFirst paragraph with bold and a link, spread over lines.\n\nNested paragraph.\n\nItem one\n\nItem two\n\n"
            + "Line one\nLine two\n\ncode  line 1\ncode  line 2",
            _extractor.Extract(html));
    }

    [Fact]
    public void Page_with_only_boilerplate_gives_empty_text()
    {
        Assert.Equal("", _extractor.Extract("<html><body><nav>menu</nav><footer>foot</footer><script>x()</script></body></html>"));
    }
}
