using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Bpe;

/// <summary>
/// What the trainer produces: the merges in order (as <see cref="BpeRanks"/>), the special tokens after them and the
/// pre-tokenizer the words were cut with. Ids 0–255 are the single bytes, then one id per merge in merge order, then
/// the special tokens. Because every merged token gets the next id and no token string is made twice, a token's id
/// is also its merge priority, so the vocabulary is a valid tiktoken ranks table as well as a HF BPE.
/// </summary>
public sealed class BpeVocabulary
{
    public BpeVocabulary(IReadOnlyList<(int Left, int Right)> merges, IReadOnlyList<string> specialTokens, PreTokenizer preTokenizer)
    {
        Merges = merges;
        SpecialTokens = specialTokens;
        PreTokenizer = preTokenizer;
        Ranks = BpeRanks.FromMerges(merges);
    }

    public IReadOnlyList<(int Left, int Right)> Merges { get; }
    public IReadOnlyList<string> SpecialTokens { get; }
    public PreTokenizer PreTokenizer { get; }
    public BpeRanks Ranks { get; }

    /// <summary>The bytes of every ordinary token, indexed by id (a copy: for writing files, not for encoding).</summary>
    public IReadOnlyList<byte[]> TokenBytes => field ??= [.. Enumerable.Range(0, OrdinaryCount).Select(id =>
        Ranks.TryGetBytes(id, out var bytes) ? bytes.ToArray() : throw new InvalidOperationException($"id {id} has no bytes"))];

    public int OrdinaryCount => Ranks.Count;
    public int VocabSize => OrdinaryCount + SpecialTokens.Count;
    public int EosId => OrdinaryCount;
}
