namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>What a block of text is, from the element that holds it.</summary>
public enum BlockKind : byte { Plain, Paragraph, Heading, ListItem, Cell, Preformatted }

/// <summary>
/// A block's verdict: main text, probably main text, too short to tell, long but not prose-like (a recipe's
/// ingredients, an address: kept when main text surrounds it), or boilerplate (link-dense).
/// </summary>
public enum BlockClass : byte { Bad, Weak, Short, NearGood, Good }

/// <summary>One block-level element of the page (pre-order: a node's parent always comes before it).</summary>
public struct PageNode
{
    public int Parent;
    /// <summary>One past the last node of this node's subtree (pre-order), filled after the walk.</summary>
    public int End;
    public Cue Cue;
    /// <summary>The tag and class (or id) that gave the cue, for diagnostics; null without a cue.</summary>
    public string? CueSource;
    public bool IsRow;
    /// <summary>Inside an element marked as content (<c>article</c>, <c>main</c>, <c>articleBody</c>, content class).</summary>
    public bool InContent;
    /// <summary>This subtree holds an element marked as content.</summary>
    public bool HoldsContent;
    /// <summary>Inside a <c>figure</c>, <c>figcaption</c> or an element named like a caption.</summary>
    public bool InFigure;
    public bool Dropped;
    /// <summary>Block-level elements between this node and the body.</summary>
    public int Depth;
    /// <summary>Weight of the main-text-like blocks of the subtree (characters of good prose).</summary>
    public double Weight;
}

/// <summary>A run of text between block boundaries: its place in the text buffer and what it looks like.</summary>
public struct TextBlock
{
    public int Node;
    public int Start;
    public int Length;
    public int LinkChars;
    public BlockKind Kind;
    public int Words;
    public int StopWords;
    public int Punctuation;
    public int Digits;
    public BlockClass Class;
    /// <summary>The block's own verdict, before the container and context passes overrode <see cref="Class"/>.</summary>
    public BlockClass Scored;
    public bool Kept;
    /// <summary>The hand rules' verdict (<see cref="Kept"/> before the learned classifier), one of its inputs.</summary>
    public bool Ruled;
    /// <summary>The block's text is in the page's JSON-LD <c>articleBody</c>.</summary>
    public bool InBody;
}
