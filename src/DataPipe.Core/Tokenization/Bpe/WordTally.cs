using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Bpe;

/// <summary>
/// Counts the distinct pre-tokens of texts added one at a time, cut exactly as the BPE trainer cuts them. One tally
/// per thread (not thread-safe); tallies of disjoint texts add up to the tally of all of them, which is what lets the
/// CLI trainer split its input across threads and the pipeline split it across shards.
/// </summary>
public sealed class WordTally
{
    private readonly PreTokenizer _preTokenizer;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WordTally(PreTokenizer preTokenizer)
    {
        _preTokenizer = preTokenizer;
        _lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A tally that cuts text as a trainer with these options does.</summary>
    public static WordTally For(BpeTrainerOptions options) => new(options.PreTokenizer);

    /// <summary>Distinct pre-token → number of occurrences.</summary>
    public Dictionary<string, long> Words { get; } = new(StringComparer.Ordinal);

    public void Add(string text)
    {
        foreach (var word in _preTokenizer.Split(text)) Add(word);
    }

    private void Add(ReadOnlySpan<char> word)
    {
        if (_lookup.TryGetValue(word, out long n)) _lookup[word] = n + 1;
        else _lookup[word] = 1;
    }
}
