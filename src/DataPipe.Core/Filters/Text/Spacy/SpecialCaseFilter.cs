namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>
/// A quick "certainly not a special case" test before the dictionary: one bit per (length, first character, last
/// character) class of the special-case strings. Most words of a page share no class with any special case, so
/// their hash and look-up are skipped; a set bit only means "look it up" (classes collide), so no special case is
/// ever missed.
/// </summary>
internal sealed class SpecialCaseFilter
{
    private const int Lengths = 32, CharClasses = 64;

    private readonly ulong[] _bits = new ulong[Lengths * CharClasses * CharClasses / 64];

    public SpecialCaseFilter(IEnumerable<string> specials)
    {
        foreach (var s in specials)
            if (s.Length > 0) Set(Index(s));
    }

    public bool MayContain(ReadOnlySpan<char> chunk) => chunk.Length > 0 && Get(Index(chunk));

    private static int Index(ReadOnlySpan<char> s) =>
        (Math.Min(s.Length, Lengths - 1) * CharClasses + (s[0] & (CharClasses - 1))) * CharClasses + (s[^1] & (CharClasses - 1));

    private void Set(int i) => _bits[i >> 6] |= 1UL << i;

    private bool Get(int i) => (_bits[i >> 6] & (1UL << i)) != 0;
}
