using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataPipe.Core.Filters.Text;

/// <summary>The Python string behaviours the reference filters rely on, on spans and without allocation.</summary>
public static class PyText
{
    /// <summary>Python <c>len()</c>: code points, so a surrogate pair counts once.</summary>
    public static int Length(ReadOnlySpan<char> s)
    {
        int n = s.Length;
        int lowSurrogates = 0;
        int i = s.IndexOfAnyInRange('\uDC00', '\uDFFF');
        if (i < 0) return n;
        for (; i < s.Length; i++)
            if (char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1])) lowSurrogates++;
        return n - lowSurrogates;
    }

    private static readonly bool[] AsciiSpace = [.. Enumerable.Range(0, 128).Select(c => IsSpaceSlow((char)c))];

    /// <summary>Python <c>str.isspace()</c> for one character (what <c>strip()</c> and <c>split()</c> remove).
    /// A table for ASCII: it runs once per character in the filters' word splits and strips.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(char c) => c < 0x80 ? AsciiSpace[c] : IsSpaceSlow(c);

    private static bool IsSpaceSlow(char c) =>
        c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' ? true
        : c < 0x80 ? c is >= '\x1C' and <= '\x1F'
        : c == '\u0085' || char.IsWhiteSpace(c);

    /// <summary>Every UTF-16 unit <see cref="IsSpace"/> accepts, for vectorized searches to a word's end.</summary>
    public static readonly SearchValues<char> Spaces =
        SearchValues.Create([.. Enumerable.Range(0, 65536).Select(c => (char)c).Where(IsSpaceSlow)]);

    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> s) => StripEnd(StripStart(s));

    public static ReadOnlySpan<char> StripStart(ReadOnlySpan<char> s)
    {
        int i = 0;
        while (i < s.Length && IsSpace(s[i])) i++;
        return s[i..];
    }

    public static ReadOnlySpan<char> StripEnd(ReadOnlySpan<char> s)
    {
        int e = s.Length;
        while (e > 0 && IsSpace(s[e - 1])) e--;
        return s[..e];
    }

    /// <summary>The characters Python <c>splitlines()</c> breaks on, for vectorized searches.</summary>
    public static readonly SearchValues<char> LineBreaks = SearchValues.Create("\n\r\v\f\x1C\x1D\x1E\u0085\u2028\u2029");

    /// <summary>True for the characters Python <c>splitlines()</c> breaks on.</summary>
    public static bool IsLineBreak(char c) =>
        c is '\n' or '\r' or '\v' or '\f' or '\x1C' or '\x1D' or '\x1E' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Non-overlapping count of <paramref name="needle"/> (Python <c>str.count</c>).</summary>
    public static int Count(ReadOnlySpan<char> s, ReadOnlySpan<char> needle)
    {
        int count = 0;
        while (true)
        {
            int i = s.IndexOf(needle, StringComparison.Ordinal);
            if (i < 0) return count;
            count++;
            s = s[(i + needle.Length)..];
        }
    }

    public static bool HasLetter(ReadOnlySpan<char> s)
    {
        if (s.Length > 0 && char.IsAsciiLetter(s[0])) return true;
        foreach (Rune r in s.EnumerateRunes())
            if (Rune.IsLetter(r)) return true;
        return false;
    }
}

/// <summary>Python <c>splitlines()</c> as an allocation-free enumerator of line spans (no trailing empty line).</summary>
public ref struct PyLines(ReadOnlySpan<char> text)
{
    private ReadOnlySpan<char> _rest = text;
    private bool _done = text.IsEmpty;

    public ReadOnlySpan<char> Current { get; private set; }

    public readonly PyLines GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_done) return false;
        int i = _rest.IndexOfAny(PyText.LineBreaks);
        if (i < 0) i = _rest.Length;
        Current = _rest[..i];
        if (i == _rest.Length)
        {
            _done = true;
            return true;
        }
        int next = i + (_rest[i] == '\r' && i + 1 < _rest.Length && _rest[i + 1] == '\n' ? 2 : 1);
        _rest = _rest[next..];
        if (_rest.IsEmpty) _done = true;
        return true;
    }
}
