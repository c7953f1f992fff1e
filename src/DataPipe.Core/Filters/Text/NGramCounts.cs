namespace DataPipe.Core.Filters.Text;

/// <summary>The Gopher repetition statistics of the document <see cref="NGramKeys"/> holds, exactly as datatrove
/// computes them, from a hash table of n-gram keys.</summary>
public sealed class NGramCounts(NGramKeys keys)
{
    private readonly HashCounts _counts = new();

    /// <summary>Length (code points, spaces included) × count of the most frequent n-gram; ties go to the first seen
    /// (Python's <c>Counter.most_common</c>). One pass: the table remembers where each n-gram first appeared.</summary>
    public double TopNGramChars(int n)
    {
        if (keys.Words < n) return 0;
        _counts.Reset(keys.Words);
        int best = 0, bestFirst = 0;
        for (int i = 0; i + n <= keys.Words; i++)
        {
            int count = _counts.Increment(keys.JoinedKey(i, n), i, out int first);
            if (count > best || (count == best && first < bestFirst)) (best, bestFirst) = (count, first);
        }
        int chars = n - 1;
        for (int k = bestFirst; k < bestFirst + n; k++) chars += keys.WordLength(k);
        return (double)chars * best;
    }

    /// <summary>
    /// When true (the default), once the walk for some n finds no repeated n-gram, larger n report 0 without walking.
    /// A repeated (n+1)-gram contains a repeated n-gram at its start or its end unless the same characters are split
    /// into words differently at both ends (keys join words without a separator, as datatrove's do), which natural
    /// text practically never does; <c>SampleFilterAndPiiTests</c> checks the shortcut changes no value on the sample
    /// corpus.
    /// </summary>
    public bool SkipAfterRepeatFree { get; set; } = true;

    /// <summary>Characters in repeated n-grams, skipping ahead by n after each repeat (datatrove's walk).</summary>
    public double DuplicateNGramChars(int n)
    {
        if (SkipAfterRepeatFree && n > keys.RepeatFreeAt) return 0;
        _counts.Reset(keys.Words);
        long repeated = 0;
        int i = 0;
        while (i + n <= keys.Words)
        {
            if (!_counts.Add(keys.ConcatKey(i, n)))
            {
                for (int k = i; k < i + n; k++) repeated += keys.WordLength(k);
                i += n;
            }
            else
            {
                i++;
            }
        }
        if (repeated == 0) keys.RepeatFreeAt = Math.Min(keys.RepeatFreeAt, n);
        return repeated;
    }
}
