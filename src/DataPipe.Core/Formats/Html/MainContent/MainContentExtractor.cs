using System.Runtime.InteropServices;
using System.Text;
using AngleSharp.Dom;

namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>
/// The main text of a page. Blocks are classified on their own (<see cref="BlockScorer"/>); elements whose tag or
/// class/id mark them as boilerplate (comments, sidebars, related links, cookie notices, navigation, footers…) are
/// dropped unless they hold the page's marked content; the main container is the deepest element that still holds
/// most of the page's prose weight; inside it, good blocks are kept and short blocks and headings are kept by
/// their neighbours (jusText's context pass). One instance per extractor (not thread-safe).
/// </summary>
public sealed class MainContentExtractor(ExtractionFavor favor)
{
    private readonly BlockCollector _collector = new();
    private char[] _chars = new char[4096];

    // The deepest element holding at least this share of its parent's prose weight is the main container.
    private const double Descend = 0.7;

    public string Extract(IElement body)
    {
        _collector.Collect(body);
        var nodes = CollectionsMarshal.AsSpan(_collector.Nodes);
        var blocks = CollectionsMarshal.AsSpan(_collector.Blocks);
        if (blocks.IsEmpty) return "";
        var text = Chars(_collector.Text);
        for (int i = 0; i < blocks.Length; i++) BlockScorer.Measure(ref blocks[i], text);

        Weigh(nodes, blocks);
        for (int i = nodes.Length - 1; i > 0; i--)
            if (nodes[i].HoldsContent || nodes[i].Cue == Cue.Content) nodes[nodes[i].Parent].HoldsContent = true;
        bool pageHasContent = nodes[0].HoldsContent;
        double total = nodes[0].Weight;
        for (int i = 1; i < nodes.Length; i++)
        {
            ref var n = ref nodes[i];
            n.Dropped = nodes[n.Parent].Dropped || (n.Cue == Cue.Boilerplate && !n.HoldsContent
                && (pageHasContent || n.Weight < 0.6 * total));
        }
        Weigh(nodes, blocks);

        int main = MainNode(nodes);
        Select(nodes, blocks, main);
        return Assemble(blocks, text);
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
            if (b.Node < first || b.Node >= end || nodes[b.Node].Dropped) { b.Class = BlockClass.Bad; continue; }
            b.Kept = b.Class is BlockClass.Good || (b.Class is BlockClass.NearGood && favor != ExtractionFavor.Precision);
        }
        // Context: a short block or heading stays when the main text goes on around it.
        for (int i = 0; i < blocks.Length; i++)
        {
            ref var b = ref blocks[i];
            if (b.Kept || b.Node < first || b.Node >= end || nodes[b.Node].Dropped) continue;
            if (b.Class is not (BlockClass.Short or BlockClass.NearGood)) continue;
            bool before = Neighbour(blocks, i, -1), after = Neighbour(blocks, i, +1);
            b.Kept = b.Kind == BlockKind.Heading ? after
                : favor switch { ExtractionFavor.Recall => before || after, _ => before && after };
        }
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
