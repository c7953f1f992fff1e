namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>How candidate pairs from LSH are checked before they count as duplicates.</summary>
public enum VerifyMethod
{
    /// <summary>Every LSH candidate counts (datatrove's behaviour).</summary>
    None,

    /// <summary>Jaccard estimated from the MinHash signature (bands × rows hashes).</summary>
    Signature,

    /// <summary>Jaccard of the documents' bottom-k shingle sketches: exact up to k distinct shingles.</summary>
    Sketch,
}

/// <summary>Which words the verification sketch is built from.</summary>
public enum VerifyText
{
    /// <summary>The text as written, lower-cased and split on whitespace: digits and punctuation count, so pages that
    /// differ only in a number (a date, an error code, a price) are judged on what they say.</summary>
    Literal,

    /// <summary>The MinHash shingles themselves (datatrove's normalization: digits → 0, punctuation dropped).</summary>
    Normalized,
}

public sealed record FuzzyOptions
{
    public int NGram { get; init; } = 5;
    public int Bands { get; init; } = 14;
    public int Rows { get; init; } = 8;
    public VerifyMethod Verify { get; init; } = VerifyMethod.Sketch;
    public double Threshold { get; init; } = 0.8;
    public int SketchSize { get; init; } = 4096;
    public VerifyText VerifyText { get; init; } = VerifyText.Literal;

    /// <summary>Buckets larger than this link each member to the smallest and to its neighbour only, not to all.</summary>
    public int MaxPairsBucket { get; init; } = 32;
}
