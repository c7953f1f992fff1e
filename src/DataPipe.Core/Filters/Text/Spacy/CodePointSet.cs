using System.Globalization;

namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>A set of Unicode code points given as ranges ("0041-005A 00AA"): a bitmap for the BMP, sorted ranges
/// searched for the rest. spaCy's character classes are regex classes over code points; this answers the same
/// membership question without a regex.</summary>
public sealed class CodePointSet
{
    private readonly ulong[] _bmp = new ulong[1024];
    private readonly (int Low, int High)[] _astral;

    public CodePointSet(params string[] specs)
    {
        var astral = new List<(int, int)>();
        foreach (var spec in specs)
        foreach (var item in spec.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = item.IndexOf('-', StringComparison.Ordinal);
            int low = Hex(dash < 0 ? item : item[..dash]);
            int high = dash < 0 ? low : Hex(item[(dash + 1)..]);
            for (int c = low; c <= Math.Min(high, 0xFFFF); c++) _bmp[c >> 6] |= 1UL << (c & 63);
            if (high > 0xFFFF) astral.Add((Math.Max(low, 0x10000), high));
        }
        _astral = [.. astral.OrderBy(r => r.Item1)];
    }

    /// <summary>The set of the given characters (BMP only), for short literal lists.</summary>
    public static CodePointSet Of(string chars) =>
        new(string.Join(' ', chars.EnumerateRunes().Select(r => r.Value.ToString("X4", CultureInfo.InvariantCulture))));

    public static CodePointSet Union(params CodePointSet[] sets)
    {
        var u = new CodePointSet();
        var astral = new List<(int, int)>();
        foreach (var s in sets)
        {
            for (int i = 0; i < u._bmp.Length; i++) u._bmp[i] |= s._bmp[i];
            astral.AddRange(s._astral);
        }
        return new CodePointSet(u._bmp, [.. astral.OrderBy(r => r.Item1)]);
    }

    private CodePointSet(ulong[] bmp, (int, int)[] astral)
    {
        _bmp = bmp;
        _astral = astral;
    }

    public bool Contains(int c)
    {
        if ((uint)c <= 0xFFFF) return (_bmp[c >> 6] & (1UL << (c & 63))) != 0;
        foreach (var (low, high) in _astral)
        {
            if (c < low) return false;
            if (c <= high) return true;
        }
        return false;
    }

    /// <summary>The BMP part of the set as the body of a .NET regex character class (ranges of \uXXXX).</summary>
    public string ToRegexClassBody()
    {
        var sb = new System.Text.StringBuilder();
        int c = 0;
        while (c <= 0xFFFF)
        {
            if (!Contains(c)) { c++; continue; }
            int end = c;
            while (end + 1 <= 0xFFFF && Contains(end + 1)) end++;
            sb.Append(CultureInfo.InvariantCulture, $"\\u{c:X4}");
            if (end > c) sb.Append(CultureInfo.InvariantCulture, $"-\\u{end:X4}");
            c = end + 1;
        }
        return sb.ToString();
    }

    private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
