using System.Collections.Frozen;
using System.Text;
using AngleSharp.Dom;

namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>
/// Walks a parsed page once into block-level nodes and text blocks: scripts, styles, form controls and hidden
/// elements are skipped, whitespace collapses, <c>&lt;br&gt;</c> is a line break, <c>&lt;pre&gt;</c> keeps its lines,
/// and each block records how much of its text is link text. Reused across pages (one per extractor).
/// </summary>
public sealed class BlockCollector
{
    private const int MaxDepth = 400;

    private static readonly FrozenSet<string> Skipped = new[]
    {
        "script", "style", "noscript", "template", "svg", "iframe", "head", "button", "select", "textarea", "input",
        "object", "embed", "canvas", "dialog", "option", "datalist", "audio", "video", "picture", "map", "img", "math",
    }.ToFrozenSet(StringComparer.Ordinal);

    // HTML's phrasing elements, the obsolete ones included (texinfo and DocBook pages still write <acronym>): any
    // other element starts a block, so a phrasing element missing here would cut a word out of its sentence.
    private static readonly FrozenSet<string> Inline = new[]
    {
        "a", "span", "b", "strong", "em", "i", "u", "small", "sub", "sup", "abbr", "cite", "code", "time", "mark", "q",
        "s", "strike", "font", "label", "kbd", "var", "samp", "bdi", "bdo", "dfn", "ins", "del", "big", "tt", "wbr", "nobr",
        "acronym", "data", "output", "meter", "progress", "ruby", "rb", "rt", "rp", "rtc", "blink", "slot",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Elements that are boilerplate by what they are, whatever their class says.
    private static readonly FrozenSet<string> BoilerplateTags = new[] { "nav", "aside", "footer", "form", "menu" }
        .ToFrozenSet(StringComparer.Ordinal);

    public readonly List<PageNode> Nodes = [];
    public readonly List<TextBlock> Blocks = [];
    public readonly StringBuilder Text = new();

    private int _blockStart;
    private int _blockLinks;
    private bool _pendingSpace;

    public void Collect(IElement body)
    {
        Nodes.Clear();
        Blocks.Clear();
        Text.Clear();
        _blockStart = 0;
        _blockLinks = 0;
        _pendingSpace = false;
        Nodes.Add(new PageNode { Parent = -1 });
        Walk(body, 0, BlockKind.Plain, inLink: false, pre: false, depth: 0);
        EndBlock(0, BlockKind.Plain);
        var nodes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Nodes);
        for (int i = 0; i < nodes.Length; i++) nodes[i].End = i + 1;
        for (int i = nodes.Length - 1; i > 0; i--)
        {
            ref var parent = ref nodes[nodes[i].Parent];
            parent.End = Math.Max(parent.End, nodes[i].End);
        }
    }

    private void Walk(IElement element, int node, BlockKind kind, bool inLink, bool pre, int depth)
    {
        for (var child = element.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is IText text) { Append(text.Data, inLink, pre); continue; }
            if (child is not IElement e) continue;
            string name = e.LocalName;
            if (Skipped.Contains(name) || IsHidden(e)) continue;
            if (name == "br") { LineBreak(); continue; }
            if (Inline.Contains(name) || depth > MaxDepth)
            {
                Walk(e, node, kind, inLink || name == "a", pre, depth + 1);
                continue;
            }
            EndBlock(node, kind);
            int id = AddNode(e, name, node);
            bool isPre = pre || name == "pre";
            Walk(e, id, KindOf(name, kind, isPre), inLink, isPre, depth + 1);
            EndBlock(id, KindOf(name, kind, isPre));
        }
    }

    private int AddNode(IElement e, string name, int parent)
    {
        string? className = e.GetAttribute("class"), id = e.GetAttribute("id");
        var cue = ClassCues.Of(className, id);
        bool contentTag = name is "article" or "main" || e.GetAttribute("itemprop") is "articleBody";
        // Big containers carry long class lists (WordPress: "tag-…", "enable-share"…); only a comment name outranks the tag.
        if (contentTag && cue != Cue.Comments) cue = Cue.Content;
        if ((BoilerplateTags.Contains(name) || e.GetAttribute("role") is "navigation" or "complementary" or "contentinfo") && cue != Cue.Comments)
            cue = Cue.Boilerplate;
        bool inContent = Nodes[parent].InContent;
        if (name == "header" && !inContent) cue = Cue.Boilerplate;
        bool figure = Nodes[parent].InFigure || name is "figure" or "figcaption"
            || (className is not null && className.Contains("caption", StringComparison.OrdinalIgnoreCase));
        Nodes.Add(new PageNode { Parent = parent, InFigure = figure, Cue = cue, CueSource = cue == Cue.None ? null : name + "." + (className ?? id), IsRow = name == "tr", Depth = Nodes[parent].Depth + 1, InContent = inContent || cue == Cue.Content });
        return Nodes.Count - 1;
    }

    private static BlockKind KindOf(string name, BlockKind outer, bool pre)
    {
        if (pre) return BlockKind.Preformatted;
        return name switch
        {
            "p" or "blockquote" => BlockKind.Paragraph,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => BlockKind.Heading,
            "li" or "dd" or "dt" => BlockKind.ListItem,
            "td" or "th" => BlockKind.Cell,
            _ => outer == BlockKind.Heading ? BlockKind.Heading : BlockKind.Plain,
        };
    }

    private static bool IsHidden(IElement e)
    {
        if (e.HasAttribute("hidden")) return true;
        if (e.GetAttribute("aria-hidden") is "true") return true;
        string? style = e.GetAttribute("style");
        if (style is null) return false;
        var s = style.AsSpan();
        return (s.Contains("none", StringComparison.OrdinalIgnoreCase) && HasDeclaration(s, "display", "none"))
            || (s.Contains("hidden", StringComparison.OrdinalIgnoreCase) && HasDeclaration(s, "visibility", "hidden"));
    }

    private static bool HasDeclaration(ReadOnlySpan<char> style, string property, string value)
    {
        foreach (var range in style.Split(';'))
        {
            var decl = style[range];
            int colon = decl.IndexOf(':');
            if (colon < 0) continue;
            if (decl[..colon].Trim().Equals(property, StringComparison.OrdinalIgnoreCase)
                && decl[(colon + 1)..].Trim().StartsWith(value, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private void Append(string data, bool inLink, bool pre)
    {
        foreach (char c in data)
        {
            if (pre && c == '\n') { LineBreak(); continue; }
            if (!pre && (c <= ' ' || c == '\u00A0' || char.IsWhiteSpace(c))) { _pendingSpace = true; continue; }
            if (Text.Length > _blockStart && _pendingSpace && Text[^1] != '\n') Text.Append(' ');
            _pendingSpace = false;
            Text.Append(c);
            if (inLink) _blockLinks++;
        }
    }

    private void LineBreak()
    {
        if (Text.Length > _blockStart && Text[^1] != '\n') Text.Append('\n');
        _pendingSpace = false;
    }

    private void EndBlock(int node, BlockKind kind)
    {
        int end = Text.Length;
        while (end > _blockStart && Text[end - 1] == '\n') end--;
        if (end > _blockStart)
            Blocks.Add(new TextBlock { Node = node, Start = _blockStart, Length = end - _blockStart, LinkChars = Math.Min(_blockLinks, end - _blockStart), Kind = kind });
        Text.Length = end;
        _blockStart = end;
        _blockLinks = 0;
        _pendingSpace = false;
    }
}
