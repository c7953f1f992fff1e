using System.Text;

namespace DataPipe.Core.Formats.Text;

/// <summary>
/// The HTML standard's "prescan a byte stream to determine its encoding": walks the tags of the first bytes, skipping
/// comments and the attributes of other tags, and returns the charset label of the first <c>&lt;meta charset&gt;</c>
/// or <c>&lt;meta http-equiv="content-type" content="…charset=…"&gt;</c> whose label is known.
/// </summary>
public static class MetaPrescan
{
    /// <summary>The standard's window; a page declaring its charset later is caught by the wider second scan.</summary>
    public const int StandardBytes = 1024;

    /// <summary>How far the second scan goes (pages with long inline scripts or styles before the <c>&lt;meta&gt;</c>).</summary>
    public const int WideBytes = 64 * 1024;

    /// <summary>The encoding declared in <paramref name="html"/>'s first <paramref name="limit"/> bytes, or null; <paramref name="label"/> is the label as written.</summary>
    public static Encoding? Find(ReadOnlySpan<byte> html, int limit, out string? label)
    {
        label = null;
        var s = html[..Math.Min(html.Length, limit)];
        int i = 0;
        while (i < s.Length)
        {
            int lt = s[i..].IndexOf((byte)'<');
            if (lt < 0) return null;
            i += lt;
            var rest = s[i..];
            if (rest.StartsWith("<!--"u8))
            {
                int end = rest[2..].IndexOf("-->"u8);
                if (end < 0) return null;
                i += 2 + end + 3;
            }
            else if (rest.Length > 6 && Ascii.EqualsIgnoreCase(rest[1..5], "meta"u8) && IsSpaceOrSlash(rest[5]))
            {
                i += 6;
                var found = Meta(s, ref i, out label);
                if (found is not null) return found;
            }
            else if (rest.Length > 2 && (IsLetter(rest[1]) || (rest[1] == '/' && IsLetter(rest[2]))))
            {
                i += rest[1] == '/' ? 2 : 1;
                while (i < s.Length && !IsSpace(s[i]) && s[i] != '>') i++;
                while (Attribute(s, ref i, out _, out _)) { }
            }
            else if (rest.Length > 1 && rest[1] is (byte)'!' or (byte)'/' or (byte)'?')
            {
                int gt = rest.IndexOf((byte)'>');
                if (gt < 0) return null;
                i += gt + 1;
            }
            else i++;
        }
        return null;
    }

    /// <summary>Attributes of one <c>&lt;meta&gt;</c>; the encoding when they declare a known one.</summary>
    private static Encoding? Meta(ReadOnlySpan<byte> s, ref int i, out string? label)
    {
        label = null;
        bool gotPragma = false, needPragma = false, decided = false;
        string? charset = null;
        while (Attribute(s, ref i, out var name, out var value))
        {
            if (Ascii.EqualsIgnoreCase(name, "http-equiv"u8))
                gotPragma |= Ascii.EqualsIgnoreCase(value, "content-type"u8);
            else if (Ascii.EqualsIgnoreCase(name, "charset"u8) && charset is null)
            {
                charset = Encoding.ASCII.GetString(value);
                needPragma = false;
                decided = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "content"u8) && !decided)
            {
                string? fromContent = CharsetSniffer.FromContentType(value);
                if (fromContent is not null) { charset = fromContent; needPragma = true; decided = true; }
            }
        }
        if (charset is null || (needPragma && !gotPragma)) return null;
        var encoding = EncodingLabels.Find(charset);
        if (encoding is null) return null;
        label = charset;
        // A page that can be prescanned as ASCII is not UTF-16, whatever it says; the standard reads it as UTF-8.
        return EncodingLabels.IsUtf16(encoding) ? new UTF8Encoding(false) : encoding;
    }

    /// <summary>The standard's "get an attribute": false at <c>&gt;</c> or the end of the window.</summary>
    private static bool Attribute(ReadOnlySpan<byte> s, ref int i, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        name = value = default;
        while (i < s.Length && (IsSpace(s[i]) || s[i] == '/')) i++;
        if (i >= s.Length) return false;
        if (s[i] == '>') { i++; return false; }
        int start = i;
        while (i < s.Length && s[i] != '=' && s[i] != '>' && s[i] != '/' && !IsSpace(s[i])) i++;
        if (i == start) i++; // a lone '=' starts the name
        name = s[start..i];
        while (i < s.Length && IsSpace(s[i])) i++;
        if (i >= s.Length || s[i] != '=') return true;
        i++;
        while (i < s.Length && IsSpace(s[i])) i++;
        if (i >= s.Length) return true;
        if (s[i] is (byte)'"' or (byte)'\'')
        {
            byte quote = s[i++];
            int end = s[i..].IndexOf(quote);
            if (end < 0) { i = s.Length; return true; }
            value = s.Slice(i, end);
            i += end + 1;
            return true;
        }
        start = i;
        while (i < s.Length && !IsSpace(s[i]) && s[i] != '>') i++;
        value = s[start..i];
        return true;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f';
    private static bool IsSpaceOrSlash(byte b) => IsSpace(b) || b == '/';
    private static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
