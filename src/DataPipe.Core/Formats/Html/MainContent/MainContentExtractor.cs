using System.Runtime.InteropServices;
using System.Text;
using AngleSharp.Dom;

namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>
/// The main text of a page. Blocks are classified on their own (<see cref="BlockScorer"/>); elements whose tag or
/// class/id mark them as boilerplate (comments, sidebars, related links, cookie notices, navigation, footers…) are
/// dropped unless they hold the page's marked content; the main container is the deepest element that still holds
/// most of the page's prose weight; inside it, good blocks are kept and short blocks and headings are kept by
/// their neighbours (jusText's context pass). With <paramref name="learned"/> the rules run as in <c>balanced</c> and
/// <see cref="BlockClassifier"/> gives the final verdict from them and each block's features, favor moving its
/// threshold; without, the rules decide alone in the given favor (the classifier's trainer reads that). One instance
/// per extractor (not thread-safe).
/// </summary>
public sealed class MainContentExtractor(ExtractionFavor favor, bool learned = true)
{
    private readonly ExtractionFavor _rules = learned ? ExtractionFavor.Balanced : favor;
    private readonly float[] _features = new float[BlockFeatures.Count];

    private readonly BlockCollector _collector = new();
    private char[] _chars = new char[4096];
    private char[] _scratch = [];

    /// <summary>The last page's nodes, blocks (with their verdicts) and main node, for diagnostics and tests.</summary>
    public ReadOnlySpan<PageNode> Nodes => CollectionsMarshal.AsSpan(_collector.Nodes);
    public ReadOnlySpan<TextBlock> Blocks => CollectionsMarshal.AsSpan(_collector.Blocks);
    public int Main { get; private set; }
    /// <summary>The last page's block text (<see cref="TextBlock.Start"/> indexes it).</summary>
    public ReadOnlySpan<char> Text => _chars.AsSpan(0, _collector.Text.Length);

    // The deepest element holding at least this share of its parent's prose weight is the main container
    // (development set: 0.7 gave P 0.932 R 0.856, 0.9 P 0.921 R 0.873 with clear prose outside it kept).
    private const double Descend = 0.9;

    // Short blocks: "kept when main text is on either side" scores better than "on both sides" on the development
    // set (F1 0.907 against 0.900: closing lines, captions and list items belong to the text), so balanced uses it.

    public string Extract(IElement body, string? articleBody = null)
    {
        _collector.Collect(body);
        var nodes = CollectionsMarshal.AsSpan(_collector.Nodes);
        var blocks = CollectionsMarshal.AsSpan(_collector.Blocks);
        Main = 0;
        if (blocks.IsEmpty) return "";
        var text = Chars(_collector.Text);
        for (int i = 0; i < blocks.Length; i++) BlockScorer.Measure(ref blocks[i], text);

        Weigh(nodes, blocks);
        double total = nodes[0].Weight;
        // Marked content counts when it holds a real share of the prose (not a related-posts <article> card).
        for (int i = nodes.Length - 1; i > 0; i--)
            if (nodes[i].HoldsContent || (nodes[i].Cue == Cue.Content && nodes[i].Weight >= 0.25 * total))
                nodes[nodes[i].Parent].HoldsContent = nodes[i].HoldsContent = true;
        // Comment-named parts that together hold most of the page's prose are the page itself: a forum thread's
        // posts, an opinion ("commentary") article. (Dropped marks "inside a comment part" for this count.)
        double comments = 0;
        for (int i = 1; i < nodes.Length; i++)
        {
            ref var n = ref nodes[i];
            bool inside = nodes[n.Parent].Dropped;
            n.Dropped = inside || n.Cue == Cue.Comments;
            if (n.Cue == Cue.Comments && !inside) comments += n.Weight;
        }
        bool thread = comments >= 0.5 * total;
        for (int i = 1; i < nodes.Length; i++)
        {
            ref var n = ref nodes[i];
            n.Dropped = nodes[n.Parent].Dropped || n.Cue switch
            {
                Cue.Comments => !n.HoldsContent && !thread,
                // A layout wrapper named "has-sidebar" or "menu-open" holds most of the prose: it is not furniture.
                Cue.Boilerplate => !n.HoldsContent && n.Weight < 0.5 * total,
                _ => false,
            };
        }
        Weigh(nodes, blocks);

        int main = Main = MainNode(nodes);
        if (nodes[0].Weight == 0) KeepAllText(nodes, blocks);
        else Select(nodes, blocks, main);
        if (articleBody is not null) ApplyArticleBody(blocks, text, articleBody);
        foreach (ref var b in blocks) b.Ruled = b.Kept;
        if (learned) Classify(nodes, blocks, text, main);
        return Assemble(blocks, text);
    }

    private void Classify(ReadOnlySpan<PageNode> nodes, Span<TextBlock> blocks, ReadOnlySpan<char> text, int main)
    {
        var page = BlockFeatures.Page.Of(nodes, blocks, main);
        float threshold = BlockClassifier.Threshold(favor);
        var x = _features.AsSpan();
        for (int i = 0; i < blocks.Length; i++)
        {
            if (!BlockClassifier.Decides(blocks[i], page, nodes)) continue;
            BlockFeatures.Fill(nodes, blocks, text, page, i, x);
            blocks[i].Kept = BlockClassifier.Logit(x) > threshold;
        }
    }

    private ReadOnlySpan<char> Chars(StringBuilder text)
    {
        if (_chars.Length < text.Length) _chars = new char[Math.Max(text.Length, _chars.Length * 2)];
        text.CopyTo(0, _chars, text.Length);
        return _chars.AsSpan(0, text.Length);
    }

    /// <summary>Each node's weight: the prose characters of its subtree's surviving blocks.</summary>
    private static void Weigh(Span<PageNode> nodes, Span<TextBlock> blocks)
    {
        for (int i = 0; i < nodes.Length; i++) nodes[i].Weight = 0;
        foreach (ref var b in blocks)
        {
            if (nodes[b.Node].Dropped) continue;
            double w = b.Class switch { BlockClass.Good => b.Length - b.LinkChars, BlockClass.NearGood => 0.5 * (b.Length - b.LinkChars), _ => 0 };
            nodes[b.Node].Weight += w;
        }
        for (int i = nodes.Length - 1; i > 0; i--) nodes[nodes[i].Parent].Weight += nodes[i].Weight;
    }

    /// <summary>From the body down: enter the child holding most of the weight while it holds enough of it.</summary>
    private static int MainNode(Span<PageNode> nodes)
    {
        int current = 0;
        while (true)
        {
            int best = -1;
            double bestWeight = 0;
            for (int c = current + 1; c < nodes[current].End; c = nodes[c].End)
                if (nodes[c].Weight > bestWeight) { best = c; bestWeight = nodes[c].Weight; }
            if (best < 0 || bestWeight < Descend * nodes[current].Weight) return current;
            current = best;
        }
    }

    private void Select(Span<PageNode> nodes, Span<TextBlock> blocks, int main)
    {
        int first = main, end = nodes[main].End;
        for (int i = 0; i < blocks.Length; i++)
        {
            ref var b = ref blocks[i];
            b.Kept = false;
            // Dropped furniture ends the context of its neighbours (a headline looks past it, see NextDecided).
            if (nodes[b.Node].Dropped) { b.Class = BlockClass.Bad; continue; }
            if (b.Node < first || b.Node >= end)
            {
                // Prose outside the container (a lead above it, a split body) is kept when it is clearly prose.
                b.Kept = _rules switch
                {
                    ExtractionFavor.Precision => false,
                    ExtractionFavor.Recall => b.Class is BlockClass.Good or BlockClass.NearGood,
                    _ => b.Class == BlockClass.Good,
                };
                if (!b.Kept && !(b.Kind == BlockKind.Heading && b.Class == BlockClass.Short)) b.Class = BlockClass.Bad;
                continue;
            }
            b.Kept = b.Class is BlockClass.Good || (b.Class is BlockClass.NearGood && _rules != ExtractionFavor.Precision);
        }
        // Context: a short block or heading stays when the main text goes on around it.
        for (int i = 0; i < blocks.Length; i++)
        {
            ref var b = ref blocks[i];
            if (b.Kept || nodes[b.Node].Dropped) continue;
            if (b.Class is not (BlockClass.Short or BlockClass.NearGood or BlockClass.Weak)) continue;
            if (b.Kind == BlockKind.Heading)
            {
                // A headline just above the container (outside it, in the page's title block) heads the kept text.
                int next = NextDecided(nodes, blocks, i);
                bool inside = b.Node >= first && b.Node < end;
                b.Kept = next >= 0 && blocks[next].Kept && (inside || (blocks[next].Node >= first && blocks[next].Node < end));
                continue;
            }
            if (b.Node < first || b.Node >= end) continue;
            // A caption or photo credit sits between paragraphs without being part of their text.
            if (nodes[b.Node].InFigure) continue;
            bool before = Neighbour(blocks, i, -1), after = Neighbour(blocks, i, +1);
            b.Kept = _rules == ExtractionFavor.Precision ? before && after : before || after;
        }
        if (_rules == ExtractionFavor.Balanced) Continue(nodes, blocks, first, end);
    }

    /// <summary>
    /// Probable prose outside the container that runs on from kept text — a lead above it, the other column of a
    /// split body — is kept; each direction in turn, so a run of such paragraphs is taken whole.
    /// </summary>
    private static void Continue(Span<PageNode> nodes, Span<TextBlock> blocks, int first, int end)
    {
        for (int step = -1; step <= 1; step += 2)
        {
            int start = step > 0 ? 0 : blocks.Length - 1;
            for (int i = start; i >= 0 && i < blocks.Length; i += step)
            {
                ref var b = ref blocks[i];
                if (b.Kept || b.Scored != BlockClass.NearGood || nodes[b.Node].Dropped || (b.Node >= first && b.Node < end)) continue;
                for (int j = i - step; j >= 0 && j < blocks.Length; j -= step)
                {
                    if (!blocks[j].Kept && blocks[j].Scored == BlockClass.Short && !nodes[blocks[j].Node].Dropped) continue;
                    if (blocks[j].Kept) { b.Kept = true; b.Class = BlockClass.NearGood; }
                    break;
                }
            }
        }
    }

    // A stated body the page's blocks cover at least this much is trusted over the DOM's verdicts; less means it is
    // a teaser, a paywall cut or another article's text.
    private const double BodyCovered = 0.6;
    // Blocks this short say too little to be matched against the stated body ("Wohnen", a date).
    private const int BodyMatchChars = 15;

    /// <summary>
    /// JSON-LD <c>articleBody</c>: blocks whose text it holds are kept wherever they are (a split body, a lead in a
    /// dropped-looking box); text blocks that it does not hold are dropped outside the span of matched blocks, and
    /// inside it too when the page shows the whole stated body (captions, "read also", inline ads). Headings stay
    /// as decided: bodies leave out the headline and subheads.
    /// </summary>
    private void ApplyArticleBody(Span<TextBlock> blocks, ReadOnlySpan<char> text, string articleBody)
    {
        if (_scratch.Length < 4096) _scratch = new char[4096];
        int matched = 0, first = -1, last = -1;
        for (int i = 0; i < blocks.Length; i++)
        {
            ref var b = ref blocks[i];
            b.InBody = b.Length >= BodyMatchChars && ArticleBodyHint.Contains(articleBody, text.Slice(b.Start, b.Length), _scratch);
            if (!b.InBody) continue;
            matched += b.Length;
            if (first < 0) first = i;
            last = i;
        }
        if (matched < BodyCovered * articleBody.Length) return;
        // A body much shorter than the text the DOM gave is one entry of a live blog or a teaser: it adds, never removes.
        int kept = 0;
        foreach (ref var b in blocks) if (b.Kept) kept += b.Length;
        bool removes = articleBody.Length >= 0.5 * kept;
        bool whole = matched >= 0.9 * articleBody.Length;
        for (int i = 0; i < blocks.Length; i++)
        {
            ref var b = ref blocks[i];
            // A link-dense block the body quotes is its "read also" line, not its text.
            if (b.InBody && b.LinkChars * 3 < b.Length) { b.Kept = true; continue; }
            if (b.InBody) continue;
            if (!removes || i < first || b.Kind == BlockKind.Heading || b.Length < BodyMatchChars) continue;
            // After the body: related stories and teasers. Within it: captions, "read also", ads, unless it is
            // clear prose (a lead paragraph or a box the body leaves out).
            if (i > last || (whole && b.Class != BlockClass.Good)) b.Kept = false;
        }
    }

    /// <summary>A page without a single prose-like block (a stub, a one-line notice) is all main text but its links and furniture.</summary>
    private static void KeepAllText(Span<PageNode> nodes, Span<TextBlock> blocks)
    {
        foreach (ref var b in blocks) b.Kept = b.Class != BlockClass.Bad && !nodes[b.Node].Dropped;
    }

    /// <summary>The next block that is neither dropped nor a short undecided one, or -1.</summary>
    private static int NextDecided(Span<PageNode> nodes, Span<TextBlock> blocks, int i)
    {
        for (int j = i + 1; j < blocks.Length; j++)
            if (!nodes[blocks[j].Node].Dropped && !(blocks[j].Class == BlockClass.Short && !blocks[j].Kept)) return j;
        return -1;
    }

    /// <summary>Whether the nearest decided block in that direction is kept main text.</summary>
    private static bool Neighbour(Span<TextBlock> blocks, int i, int step)
    {
        for (int j = i + step; j >= 0 && j < blocks.Length; j += step)
        {
            if (blocks[j].Class == BlockClass.Short) continue;
            return blocks[j].Class is BlockClass.Good or BlockClass.NearGood;
        }
        return false;
    }

    private static string Assemble(Span<TextBlock> blocks, ReadOnlySpan<char> text)
    {
        var output = new StringBuilder();
        foreach (ref var b in blocks)
        {
            if (!b.Kept) continue;
            if (output.Length > 0) output.Append("\n\n");
            output.Append(text.Slice(b.Start, b.Length));
        }
        return output.ToString();
    }
}
