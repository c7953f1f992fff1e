using System.Buffers;

namespace DataPipe.Core.Pii.Detectors;

/// <summary>
/// Email addresses, found from each <c>@</c> outwards (a vectorised search, so prose without <c>@</c> costs almost
/// nothing). Accepts what datatrove's RFC-5322-style pattern accepts — dot-separated atoms of letters, digits and
/// <c>!#$%&amp;'*+/=?^_`{|}~-</c>, then a hostname of at least two labels — except that the last label must be
/// letters (a TLD), so retina file names like <c>icon@2x.png</c> still match but <c>a@1.2</c> does not.
/// </summary>
public static class EmailDetector
{
    private static readonly SearchValues<char> LocalChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-.");

    public static void Find(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        int from = 0;
        while (true)
        {
            int rel = text[from..].IndexOf('@');
            if (rel < 0) return;
            int at = from + rel;
            from = at + 1;
            int start = LocalStart(text, at);
            if (start < 0) continue;
            int end = DomainEnd(text, at + 1);
            if (end < 0) continue;
            spans.Add(new PiiSpan(start, end - start, PiiType.Email));
            from = end;
        }
    }

    /// <summary>Start of the local part ending just before <paramref name="at"/>, or -1.</summary>
    private static int LocalStart(ReadOnlySpan<char> text, int at)
    {
        int i = at;
        while (i > 0 && LocalChars.Contains(text[i - 1])) i--;
        if (i == at || text[at - 1] == '.') return -1;
        // Dots may only separate atoms: after "..", the address starts after them.
        int dots = text[i..at].LastIndexOf("..");
        if (dots >= 0) i += dots + 2;
        // The pattern starts at a word boundary.
        while (i < at && !(char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
        if (i == at) return -1;
        if (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] == '_')) return -1;
        return i;
    }

    /// <summary>End (exclusive) of a hostname of ≥ 2 labels starting at <paramref name="i"/>, or -1.</summary>
    private static int DomainEnd(ReadOnlySpan<char> text, int i)
    {
        int labels = 0;
        int end = -1;
        int lastLabelStart = -1;
        while (i < text.Length)
        {
            int s = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-')) i++;
            if (i == s || text[s] == '-') break;
            int labelEnd = i;
            while (labelEnd > s && text[labelEnd - 1] == '-') labelEnd--;
            labels++;
            end = labelEnd;
            lastLabelStart = s;
            if (labelEnd != i || i >= text.Length - 1 || text[i] != '.' || !char.IsAsciiLetterOrDigit(text[i + 1])) break;
            i++;
        }
        if (labels < 2) return -1;
        var tld = text[lastLabelStart..end];
        foreach (char c in tld)
            if (!char.IsAsciiLetter(c)) return -1;
        return tld.Length >= 2 ? end : -1;
    }
}
