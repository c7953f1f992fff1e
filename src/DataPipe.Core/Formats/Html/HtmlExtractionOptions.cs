namespace DataPipe.Core.Formats.Html;

/// <summary>What an HTML page is reduced to.</summary>
public enum ExtractionMode
{
    /// <summary>The main content: blocks scored by text and link density, stop words, tag and class cues.</summary>
    Main,

    /// <summary>All visible text except the semantic boilerplate tags (<c>nav</c>, <c>header</c>, <c>footer</c>…).</summary>
    All,
}

/// <summary>Which error main-content extraction prefers when a block is borderline.</summary>
public enum ExtractionFavor
{
    Balanced,

    /// <summary>Drop borderline blocks: less boilerplate, some main text lost.</summary>
    Precision,

    /// <summary>Keep borderline blocks: more main text, some boilerplate kept.</summary>
    Recall,
}

/// <summary>The <c>extraction:</c> and <c>favor:</c> options of a reader that turns HTML into text.</summary>
public sealed record HtmlExtractionOptions
{
    public ExtractionMode Mode { get; init; } = ExtractionMode.Main;
    public ExtractionFavor Favor { get; init; } = ExtractionFavor.Balanced;

    public static readonly HtmlExtractionOptions Default = new();

    public static readonly string[] Modes = ["main", "all"];
    public static readonly string[] Favors = ["balanced", "precision", "recall"];

    /// <summary>Options from their configuration words (one of <see cref="Modes"/>, one of <see cref="Favors"/>).</summary>
    public static HtmlExtractionOptions Parse(string mode, string favor) => new()
    {
        Mode = mode == "all" ? ExtractionMode.All : ExtractionMode.Main,
        Favor = favor switch { "precision" => ExtractionFavor.Precision, "recall" => ExtractionFavor.Recall, _ => ExtractionFavor.Balanced },
    };
}
