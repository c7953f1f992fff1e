namespace DataPipe.Core.Decontamination;

/// <summary>One eval n-gram found in a document: its words [<see cref="FirstWord"/>, +<see cref="Length"/>) and entry.</summary>
public readonly record struct ContaminationHit(int FirstWord, int Length, ulong Hash, NGramEntry Entry);

/// <summary>Finds every eval n-gram of one document. One per task: it owns its buffers.</summary>
public sealed class ContaminationMatcher(EvalIndex index, WordNormalization normalization)
{
    private readonly List<ContaminationHit> _hits = [];

    public WordBuffer Words { get; } = new();

    public EvalIndex Index => index;

    /// <summary>The hits of <paramref name="text"/>, in word order (longest n-gram first at one position); valid until the next call.</summary>
    public IReadOnlyList<ContaminationHit> Find(ReadOnlySpan<char> text)
    {
        _hits.Clear();
        NormalizedWords.Split(text, normalization, Words);
        var lengths = index.Lengths;
        var powers = index.Powers;
        int count = Words.Count;
        for (int i = 0; i < count; i++)
            for (int l = 0; l < lengths.Length; l++)
            {
                int length = lengths[l];
                if (i + length > count) continue;
                ulong hash = Words.NGram(i, length, powers[l]);
                if (index.TryGet(hash, out var entry)) _hits.Add(new ContaminationHit(i, length, hash, entry));
            }
        return _hits;
    }
}
