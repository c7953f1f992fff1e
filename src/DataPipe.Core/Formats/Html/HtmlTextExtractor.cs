using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DataPipe.Core.Formats.Html.MainContent;

namespace DataPipe.Core.Formats.Html;

/// <summary>
/// Turns an HTML page into text. <c>extraction: main</c> (the default) keeps the main content only
/// (<see cref="MainContentExtractor"/>); <c>all</c> keeps all visible text but for the semantic boilerplate elements
/// (scripts, styles, navigation, header, footer, aside, forms…). Either way whitespace inside a paragraph collapses to
/// single spaces and paragraphs come out separated by one blank line. One instance per reader (not thread-safe).
/// </summary>
public sealed class HtmlTextExtractor
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "nav", "header", "footer", "aside", "noscript", "form", "template", "svg", "iframe",
        "head", "button", "select", "textarea", "object", "embed", "canvas", "menu", "dialog",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "figure", "figcaption",
        "address", "hr", "details", "summary", "fieldset", "body", "html", "center",
    };

    private readonly HtmlExtractionOptions _options;

    private readonly MainContentExtractor? _main;

    public HtmlTextExtractor(HtmlExtractionOptions? options = null) : this(options, learned: true)
    {
    }

    /// <summary><paramref name="learned"/> false: the hand rules alone decide (their tests, the classifier's baseline).</summary>
    internal HtmlTextExtractor(HtmlExtractionOptions? options, bool learned)
    {
        _options = options ?? HtmlExtractionOptions.Default;
        if (_options.Mode == ExtractionMode.Main) _main = new MainContentExtractor(_options.Favor, learned);
    }

    /// <summary>The main-content extractor (null in <c>all</c> mode), for diagnostics.</summary>
    public MainContentExtractor? MainContent => _main;

    /// <summary>The <c>&lt;title&gt;</c> of the page last extracted (whitespace collapsed), or null when it has none.</summary>
    public string? Title { get; private set; }

    private readonly HtmlParser _parser = new(new HtmlParserOptions { IsScripting = false });
    private readonly StringBuilder _text = new();
    private bool _pendingParagraph;
    private bool _pendingSpace;

    public string Extract(string html)
    {
        using var document = _parser.ParseDocument(html);
        string title = document.Title ?? "";
        Title = string.IsNullOrWhiteSpace(title) ? null : string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (_main is not null) return document.Body is { } main ? _main.Extract(main, ArticleBodyHint.Find(document)) : "";
        _text.Clear();
        _pendingParagraph = false;
        _pendingSpace = false;
        if (document.Body is { } body) Walk(body, preformatted: false);
        return _text.ToString();
    }

    private void Walk(INode node, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    AppendText(text.Data, preformatted);
                    break;
                case IElement element:
                    string name = element.LocalName;
                    if (Dropped.Contains(name) || element.HasAttribute("hidden")) break;
                    if (name == "br") { LineBreak(); break; }
                    bool block = Blocks.Contains(name);
                    if (block) _pendingParagraph = true;
                    Walk(element, preformatted || name == "pre");
                    if (block) _pendingParagraph = true;
                    break;
            }
        }
    }

    private void AppendText(string data, bool preformatted)
    {
        foreach (char c in data)
        {
            if (!preformatted && char.IsWhiteSpace(c)) { _pendingSpace = true; continue; }
            if (preformatted && c == '\n') { LineBreak(); continue; }
            if (_text.Length > 0)
            {
                if (_pendingParagraph) _text.Append("\n\n");
                else if (_pendingSpace && _text[^1] != '\n') _text.Append(' ');
            }
            _pendingParagraph = false;
            _pendingSpace = false;
            _text.Append(c);
        }
    }

    private void LineBreak()
    {
        if (_text.Length > 0 && !_pendingParagraph && _text[^1] != '\n') _text.Append('\n');
        _pendingSpace = false;
    }
}
