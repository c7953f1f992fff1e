using System.Text;

namespace DataPipe.Core.Formats.Text;

/// <summary>Finds the charset a Content-Type value declares (<see cref="MetaPrescan"/> reads it from a page's <c>&lt;meta&gt;</c>).</summary>
public static class CharsetSniffer
{
    /// <summary>The <c>charset=</c> parameter of a Content-Type value, or null.</summary>
    public static string? FromContentType(ReadOnlySpan<byte> contentType)
    {
        int at = IndexOfIgnoreCase(contentType, "charset"u8);
        if (at < 0) return null;
        return ValueAfter(contentType[(at + "charset".Length)..]);
    }

    /// <summary>The <c>charset=</c> parameter of a Content-Type value already held as text, or null.</summary>
    public static string? FromContentType(string? contentType)
    {
        if (contentType is null) return null;
        int at = contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var rest = contentType.AsSpan(at + "charset".Length).TrimStart(" \t");
        if (rest.IsEmpty || rest[0] != '=') return null;
        rest = rest[1..].TrimStart(" \t\"'");
        int end = rest.IndexOfAny(" \t;\"',");
        var value = end < 0 ? rest : rest[..end];
        return value.IsEmpty || value.Length > 40 ? null : value.ToString();
    }

    /// <summary>Reads <c>= value</c> (optionally quoted) after a parameter name.</summary>
    private static string? ValueAfter(ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart(" \t"u8);
        if (rest.IsEmpty || rest[0] != (byte)'=') return null;
        rest = rest[1..].TrimStart(" \t\"'"u8);
        int end = rest.IndexOfAny(" \t;\"'>/,"u8);
        var value = end < 0 ? rest : rest[..end];
        return value.IsEmpty || value.Length > 40 ? null : Encoding.ASCII.GetString(value);
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> lowerNeedle)
    {
        for (int i = 0; i + lowerNeedle.Length <= haystack.Length; i++)
        {
            int hit = haystack[i..].IndexOfAny((byte)lowerNeedle[0], (byte)char.ToUpperInvariant((char)lowerNeedle[0]));
            if (hit < 0) return -1;
            i += hit;
            if (i + lowerNeedle.Length > haystack.Length) return -1;
            if (System.Text.Ascii.EqualsIgnoreCase(haystack.Slice(i, lowerNeedle.Length), lowerNeedle)) return i;
        }
        return -1;
    }
}
