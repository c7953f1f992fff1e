namespace DataPipe.Core.Tokenization;

/// <summary>
/// A trained byte-level BPE: ids 0–255 are the single bytes (in byte order), then one id per merge in merge order,
/// then the special tokens. Because every merged token gets the next id and no token string is made twice, a
/// token's id is also its merge priority, so the vocabulary is a valid tiktoken ranks table as well as a HF BPE.
/// </summary>
public sealed class BpeVocabulary
{
    public BpeVocabulary(IReadOnlyList<(int Left, int Right)> merges, IReadOnlyList<string> specialTokens, string pattern)
    {
        Merges = merges;
        SpecialTokens = specialTokens;
        Pattern = pattern;
        var tokens = new List<byte[]>(256 + merges.Count);
        for (int b = 0; b < 256; b++) tokens.Add([(byte)b]);
        foreach (var (left, right) in merges) tokens.Add([.. tokens[left], .. tokens[right]]);
        TokenBytes = tokens;
    }

    public IReadOnlyList<(int Left, int Right)> Merges { get; }
    public IReadOnlyList<string> SpecialTokens { get; }

    /// <summary>The .NET pre-tokenizer regex the vocabulary was trained with.</summary>
    public string Pattern { get; }

    /// <summary>The bytes of every ordinary token, indexed by id.</summary>
    public IReadOnlyList<byte[]> TokenBytes { get; }

    public int OrdinaryCount => TokenBytes.Count;
    public int VocabSize => TokenBytes.Count + SpecialTokens.Count;
    public int EosId => TokenBytes.Count;
}
