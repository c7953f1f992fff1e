using System.Globalization;

namespace DataPipe.Training.Planning;

/// <summary>Counts written the way people say them: <c>70B</c>, <c>1.4T</c>, <c>125M</c>, <c>5.76e23</c>.</summary>
public static class SiNumber
{
    private static readonly (char Suffix, double Scale)[] Scales = [('K', 1e3), ('M', 1e6), ('B', 1e9), ('G', 1e9), ('T', 1e12), ('P', 1e15)];

    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        var scale = 1.0;
        foreach (var (suffix, factor) in Scales)
        {
            if (char.ToUpperInvariant(s[^1]) != suffix) continue;
            scale = factor;
            s = s[..^1];
            break;
        }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number <= 0) return false;
        value = number * scale;
        return true;
    }

    public static double Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a positive number (suffixes K, M, B, T, P or exponents like 5.76e23)");

    /// <summary>Short human form: 70.0B, 1.40T, 5.76e+23 for FLOPs-sized values.</summary>
    public static string Format(double value)
    {
        var c = CultureInfo.InvariantCulture;
        if (value >= 1e18) return value.ToString("0.00e+00", c);
        foreach (var (suffix, scale) in new[] { ('P', 1e15), ('T', 1e12), ('B', 1e9), ('M', 1e6), ('K', 1e3) })
        {
            if (value >= scale) return (value / scale).ToString("0.##", c) + suffix;
        }
        return value.ToString("0.##", c);
    }
}
