using System.Globalization;

namespace DataPipe.Core.Config;

/// <summary>A size option written as bytes or with a binary suffix (<c>256MiB</c>, <c>1 GiB</c>); <c>off</c> is 0.</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Scale)[] Suffixes = [("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40)];

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (text is null) return false;
        var value = text.AsSpan().Trim();
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase)) return true;
        long scale = 1;
        foreach (var (suffix, s) in Suffixes)
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) { scale = s; value = value[..^suffix.Length].TrimEnd(); break; }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n > long.MaxValue / scale) return false;
        bytes = n * scale;
        return true;
    }
}
