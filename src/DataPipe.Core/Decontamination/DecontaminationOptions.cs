namespace DataPipe.Core.Decontamination;

public enum DecontaminationMode
{
    /// <summary>Drop a document that holds any eval n-gram.</summary>
    Drop,

    /// <summary>Remove each matching span plus a margin; drop what is cut too often or left too short.</summary>
    Cut,
}

/// <summary>The <c>decontaminate</c> stage's options (see docs/decontamination.md).</summary>
public sealed record DecontaminationOptions
{
    public required IReadOnlyList<EvalSetSpec> EvalSets { get; init; }
    public int NGram { get; init; } = 13;
    public int MinNGram { get; init; } = 8;
    public DecontaminationMode Mode { get; init; } = DecontaminationMode.Drop;
    public int Margin { get; init; } = 200;
    public int MaxCuts { get; init; } = 10;
    public int MinChars { get; init; } = 200;

    /// <summary>N-grams found in more than this many training documents are common phrases, not contamination; 0 = off.</summary>
    public long IgnoreFrequent { get; init; }

    public bool RequireAnswer { get; init; }
    public WordNormalization Normalization { get; init; } = WordNormalization.Default;

    /// <summary>Matches kept per eval set in <c>rejected/&lt;stage&gt;.matches.jsonl</c>.</summary>
    public int Samples { get; init; } = 20;
}
