namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>
/// What the learned block classifier (<see cref="BlockClassifier"/>) sees of one block: the hand rules' verdicts
/// (its own class, the rules' keep decision, its neighbours'), its shape (length, links, stop words, punctuation,
/// digits, kind) and its place (inside the main container, in a content or figure element, in the JSON-LD body,
/// before or after the kept text). Headings and blocks in dropped parts are left to the rules
/// (<see cref="BlockClassifier.Decides"/>), so nothing here describes them. Generic page structure only: no site,
/// URL or word list beyond the stop words. Each value is scaled to about [0, 1]. The trainer (<c>DataPipe.Benchmarks extraction-learn</c>)
/// and the runtime fill the vector with this same code.
/// </summary>
public static class BlockFeatures
{
    public static readonly string[] Names =
    [
        "bias", "ruled", "log_length", "link_density", "stop_ratio", "punct_per_word", "log_words", "digit_ratio",
        "kind_paragraph", "kind_list", "kind_cell", "kind_pre",
        "scored_bad", "scored_weak", "scored_short", "scored_neargood", "scored_good", "linkless_bad",
        "in_container", "in_content", "in_figure", "in_body", "page_has_body",
        "position", "before_first_ruled", "after_last_ruled", "prev_ruled", "next_ruled", "prev_good", "next_good",
        "good_distance", "ends_sentence", "very_short", "depth_below_main", "page_kept_share",
        "ruled_short", "ruled_outside",
        "prev_bad", "next_bad", "prev_link_density", "next_link_density", "near_bad_share", "separators", "after_linked_heading",
    ];

    public static int Count => Names.Length;

    // Neighbours further than this many blocks say nothing more about a block (and the scan stays bounded).
    private const int Reach = 8;

    /// <summary>Per-page values every block's features read: where the rules' kept text starts and ends, how much of the page it is.</summary>
    public readonly record struct Page(int FirstRuled, int LastRuled, float KeptShare, bool HasBody, bool HasProse, int Main, int MainEnd)
    {
        public static Page Of(ReadOnlySpan<PageNode> nodes, ReadOnlySpan<TextBlock> blocks, int main)
        {
            int first = -1, last = -1;
            long kept = 0, total = 0;
            bool body = false, prose = false;
            for (int i = 0; i < blocks.Length; i++)
            {
                total += blocks[i].Length;
                body |= blocks[i].InBody;
                prose |= blocks[i].Scored is BlockClass.Good or BlockClass.NearGood && !nodes[blocks[i].Node].Dropped;
                if (!blocks[i].Ruled) continue;
                kept += blocks[i].Length;
                if (first < 0) first = i;
                last = i;
            }
            return new Page(first, last, total == 0 ? 0 : (float)kept / total, body, prose, main, nodes[main].End);
        }
    }

    public static void Fill(ReadOnlySpan<PageNode> nodes, ReadOnlySpan<TextBlock> blocks, ReadOnlySpan<char> text, in Page page, int i, Span<float> x)
    {
        ref readonly var b = ref blocks[i];
        ref readonly var node = ref nodes[b.Node];
        float length = Math.Max(1, b.Length);
        float linkDensity = b.LinkChars / length;
        bool inside = b.Node >= page.Main && b.Node < page.MainEnd;
        int k = 0;
        x[k++] = 1;
        x[k++] = b.Ruled ? 1 : 0;
        x[k++] = MathF.Log(1 + b.Length) / 8;
        x[k++] = linkDensity;
        x[k++] = b.Words == 0 ? 0 : (float)b.StopWords / b.Words;
        x[k++] = Math.Min(1f, (float)b.Punctuation / Math.Max(1, b.Words));
        x[k++] = MathF.Log(1 + b.Words) / 6;
        x[k++] = b.Digits / length;
        x[k++] = b.Kind == BlockKind.Paragraph ? 1 : 0;
        x[k++] = b.Kind == BlockKind.ListItem ? 1 : 0;
        x[k++] = b.Kind == BlockKind.Cell ? 1 : 0;
        x[k++] = b.Kind == BlockKind.Preformatted ? 1 : 0;
        x[k++] = b.Scored == BlockClass.Bad ? 1 : 0;
        x[k++] = b.Scored == BlockClass.Weak ? 1 : 0;
        x[k++] = b.Scored == BlockClass.Short ? 1 : 0;
        x[k++] = b.Scored == BlockClass.NearGood ? 1 : 0;
        x[k++] = b.Scored == BlockClass.Good ? 1 : 0;
        // Bad without links: the call-to-action rule's verdict.
        x[k++] = b.Scored == BlockClass.Bad && linkDensity <= 0.1f ? 1 : 0;
        x[k++] = inside ? 1 : 0;
        x[k++] = node.InContent ? 1 : 0;
        x[k++] = node.InFigure ? 1 : 0;
        x[k++] = b.InBody ? 1 : 0;
        x[k++] = page.HasBody ? 1 : 0;
        x[k++] = blocks.Length <= 1 ? 0 : (float)i / (blocks.Length - 1);
        x[k++] = page.FirstRuled < 0 || i < page.FirstRuled ? 1 : 0;
        x[k++] = page.LastRuled < 0 || i > page.LastRuled ? 1 : 0;
        x[k++] = i > 0 && blocks[i - 1].Ruled ? 1 : 0;
        x[k++] = i + 1 < blocks.Length && blocks[i + 1].Ruled ? 1 : 0;
        x[k++] = i > 0 && blocks[i - 1].Scored == BlockClass.Good ? 1 : 0;
        x[k++] = i + 1 < blocks.Length && blocks[i + 1].Scored == BlockClass.Good ? 1 : 0;
        x[k++] = (float)GoodDistance(blocks, i) / Reach;
        x[k++] = EndsSentence(text.Slice(b.Start, b.Length)) ? 1 : 0;
        x[k++] = b.Length < 15 ? 1 : 0;
        x[k++] = Math.Clamp(node.Depth - nodes[page.Main].Depth, 0, 10) / 10f;
        x[k++] = page.KeptShare;
        x[k++] = b.Ruled && b.Scored == BlockClass.Short ? 1 : 0;
        x[k++] = b.Ruled && !inside ? 1 : 0;
        x[k++] = i > 0 && blocks[i - 1].Scored == BlockClass.Bad ? 1 : 0;
        x[k++] = i + 1 < blocks.Length && blocks[i + 1].Scored == BlockClass.Bad ? 1 : 0;
        x[k++] = i > 0 ? (float)blocks[i - 1].LinkChars / Math.Max(1, blocks[i - 1].Length) : 0;
        x[k++] = i + 1 < blocks.Length ? (float)blocks[i + 1].LinkChars / Math.Max(1, blocks[i + 1].Length) : 0;
        x[k++] = NearBadShare(blocks, i);
        x[k++] = Separators(text.Slice(b.Start, b.Length));
        // A teaser: a linked headline, then its blurb (related stories, archive lists).
        x[k++] = i > 0 && blocks[i - 1].Kind == BlockKind.Heading && blocks[i - 1].LinkChars * 2 > blocks[i - 1].Length ? 1 : 0;
    }

    /// <summary>The share of the blocks within three either side that are boilerplate on their own: furniture comes in runs.</summary>
    private static float NearBadShare(ReadOnlySpan<TextBlock> blocks, int i)
    {
        int bad = 0, seen = 0;
        for (int j = Math.Max(0, i - 3); j <= Math.Min(blocks.Length - 1, i + 3); j++)
        {
            if (j == i) continue;
            seen++;
            if (blocks[j].Scored == BlockClass.Bad) bad++;
        }
        return seen == 0 ? 0 : (float)bad / seen;
    }

    /// <summary>Whether the block holds characters that separate items rather than words (menus, bylines, copyright lines).</summary>
    private static float Separators(ReadOnlySpan<char> block) => block.IndexOfAny(SeparatorChars) >= 0 ? 1 : 0;

    private static readonly System.Buffers.SearchValues<char> SeparatorChars = System.Buffers.SearchValues.Create("|•·»©@/");

    /// <summary>Blocks to the nearest other block scored main text, <see cref="Reach"/> when none is that near.</summary>
    private static int GoodDistance(ReadOnlySpan<TextBlock> blocks, int i)
    {
        for (int d = 1; d < Reach; d++)
            if ((i - d >= 0 && blocks[i - d].Scored == BlockClass.Good) || (i + d < blocks.Length && blocks[i + d].Scored == BlockClass.Good))
                return d;
        return Reach;
    }

    private static bool EndsSentence(ReadOnlySpan<char> block)
    {
        block = block.TrimEnd();
        while (block.Length > 0 && block[^1] is '"' or '\'' or ')' or '”' or '’' or '»' or '“') block = block[..^1];
        return block.Length > 0 && block[^1] is '.' or '!' or '?' or '。' or '！' or '？' or '…' or ':';
    }
}
