namespace DataPipe.Core.Tests.SampleData;

/// <summary>
/// The labels' similarity measure: word 5-gram Jaccard on lower-cased, whitespace-split words, computed
/// independently of the generator (JavaScript) to check the numbers it wrote.
/// </summary>
public static class WordShingles
{
    public static double Jaccard(string a, string b)
    {
        HashSet<string> x = Shingles(a), y = Shingles(b);
        int shared = x.Count(y.Contains);
        int union = x.Count + y.Count - shared;
        return union == 0 ? 1.0 : (double)shared / union;
    }

    public static HashSet<string> Shingles(string text)
    {
        string[] words = text.ToLowerInvariant().Split(WhitespaceChars, StringSplitOptions.RemoveEmptyEntries);
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (words.Length < 5)
        {
            if (words.Length > 0) set.Add(string.Join(' ', words));
            return set;
        }
        for (int i = 0; i + 5 <= words.Length; i++) set.Add(string.Join(' ', words, i, 5));
        return set;
    }

    // JavaScript's \s, which the generator splits on (it differs from char.IsWhiteSpace at U+0085 and U+FEFF).
    private static readonly char[] WhitespaceChars =
    [
        '\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004',
        '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff',
    ];
}
