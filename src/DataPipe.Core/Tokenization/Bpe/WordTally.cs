using System.Text.RegularExpressions;

namespace DataPipe.Core.Tokenization;

/// <summary>
/// Counts the distinct pre-tokens of texts added one at a time, cut exactly as the BPE trainer cuts them. One tally
/// per thread (not thread-safe); tallies of disjoint texts add up to the tally of all of them, which is what lets the
/// CLI trainer split its input across threads and the pipeline split it across shards.
/// </summary>
public sealed class WordTally
{
    private readonly Regex _pattern;
    private readonly PreTokenizerKind? _splitter;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <param name="splitter">The hand-written splitter equal to <paramref name="pattern"/>, when there is one (faster).</param>
    public WordTally(Regex pattern, PreTokenizerKind? splitter)
    {
        _pattern = pattern;
        _splitter = splitter;
        _lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A tally that cuts text as a trainer with these options does.</summary>
    public static WordTally For(BpeTrainerOptions options) => new(options.CreateRegex(), options.FastSplitter);

    /// <summary>Distinct pre-token → number of occurrences.</summary>
    public Dictionary<string, long> Words { get; } = new(StringComparer.Ordinal);

    public void Add(string text)
    {
        if (_splitter is { } kind)
        {
            for (int i = 0; i < text.Length;)
            {
                int end = PreTokenSplitter.NextEnd(kind, text, i);
                Add(text.AsSpan(i, end - i));
                i = end;
            }
            return;
        }
        foreach (var match in _pattern.EnumerateMatches(text)) Add(text.AsSpan(match.Index, match.Length));
    }

    private void Add(ReadOnlySpan<char> word)
    {
        if (_lookup.TryGetValue(word, out long n)) _lookup[word] = n + 1;
        else _lookup[word] = 1;
    }
}
