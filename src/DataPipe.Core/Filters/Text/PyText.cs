using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace DataPipe.Core.Filters.Text;

/// <summary>The Python string behaviours the reference filters rely on, on spans and without allocation.</summary>
public static class PyText
{
    /// <summary>False when the text has no low surrogate, so no surrogate pair: its code points are then its chars,
    /// and one check of the whole text saves a code-point count per word.</summary>
    public static bool HasLowSurrogates(ReadOnlySpan<char> s) => s.IndexOfAnyInRange('\uDC00', '\uDFFF') >= 0;

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

    /// <summary><see cref="IsSpace"/> for the first 32 characters at once: bit i set when <paramref name="text"/>[i]
    /// is a space. Bits past the text's end are set too, so a word running to the end of the text ends there. AVX2
    /// compares classify ASCII; only non-ASCII characters are checked one by one.</summary>
    public static uint SpaceMask(ReadOnlySpan<char> text)
    {
        if (!Vector256.IsHardwareAccelerated || text.Length < 32)
        {
            uint mask = text.Length < 32 ? ~0u << text.Length : 0;
            for (int i = 0; i < Math.Min(32, text.Length); i++)
                if (IsSpace(text[i])) mask |= 1u << i;
            return mask;
        }
        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var low = Vector256.LoadUnsafe(ref start);
        var high = Vector256.LoadUnsafe(ref start, 16);
        uint spaces = AsciiSpaces(low) | (AsciiSpaces(high) << 16);
        uint wide = Vector256.GreaterThan(low, Vector256.Create((ushort)0x7F)).ExtractMostSignificantBits()
                    | (Vector256.GreaterThan(high, Vector256.Create((ushort)0x7F)).ExtractMostSignificantBits() << 16);
        while (wide != 0)
        {
            int i = BitOperations.TrailingZeroCount(wide);
            wide &= wide - 1;
            if (IsSpace(text[i])) spaces |= 1u << i;
        }
        return spaces;
    }

    /// <summary>Python's ASCII whitespace: space, \t \n \v \f \r (9–13) and the separators 0x1C–0x1F.</summary>
    private static uint AsciiSpaces(Vector256<ushort> v) =>
        (Vector256.Equals(v, Vector256.Create((ushort)' '))
         | Vector256.LessThanOrEqual(v - Vector256.Create((ushort)9), Vector256.Create((ushort)4))
         | Vector256.LessThanOrEqual(v - Vector256.Create((ushort)0x1C), Vector256.Create((ushort)3)))
        .ExtractMostSignificantBits();

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
