namespace DataPipe.Core.Filters.Text;

/// <summary>How the Gopher, FineWeb and C4 filters split text into words (option <c>word_split</c>).</summary>
public enum WordSplit
{
    /// <summary>spaCy's English tokenizer, as datatrove uses (the default): the same words datatrove's rules count.</summary>
    Spacy,

    /// <summary>The earlier approximation: split at whitespace, peel punctuation off both ends. Faster; differs
    /// from datatrove's words on most documents (docs/filters.md gives the decision disagreement).</summary>
    Fast,
}

public static class WordSplitOption
{
    public const string Key = "word_split";

    /// <summary>The stage's <c>word_split</c> option: <c>spacy</c> (default) or <c>fast</c>.</summary>
    public static WordSplit Read(Config.OptionsNode o) =>
        o.GetChoice(Key, "spacy", "spacy", "fast") == "fast" ? WordSplit.Fast : WordSplit.Spacy;
}
