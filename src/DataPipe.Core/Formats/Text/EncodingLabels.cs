using System.Collections.Frozen;
using System.Text;

namespace DataPipe.Core.Formats.Text;

/// <summary>
/// Charset labels → encodings as the WHATWG Encoding standard maps them, which is what browsers (and so page authors)
/// mean: <c>iso-8859-1</c>, <c>latin1</c> and <c>ascii</c> are windows-1252, <c>gb2312</c> is GBK, <c>iso-8859-9</c> is
/// windows-1254, <c>euc-kr</c> is windows-949. Labels outside the table go to .NET as written.
/// </summary>
public static class EncodingLabels
{
    static EncodingLabels() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // Label → .NET encoding name, for the labels where WHATWG differs from .NET's own reading or .NET lacks the alias.
    private static readonly FrozenDictionary<string, string> Table = Build(
        ("utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"),
        ("windows-1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"),
        ("windows-1254", "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254"),
        ("windows-874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"),
        ("gbk", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk"),
        ("gb18030", "gb18030"),
        ("big5", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"),
        ("shift_jis", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"),
        ("euc-jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"),
        ("iso-2022-jp", "csiso2022jp iso-2022-jp"),
        ("ks_c_5601-1987", "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949"),
        ("iso-8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"),
        ("iso-8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988"),
        ("iso-8859-7", "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek"),
        ("iso-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"),
        ("koi8-r", "cskoi8r koi koi8 koi8-r koi8_r"),
        ("koi8-u", "koi8-ru koi8-u"),
        ("windows-1250", "cp1250 windows-1250 x-cp1250"),
        ("windows-1251", "cp1251 windows-1251 x-cp1251"),
        ("windows-1253", "cp1253 windows-1253 x-cp1253"),
        ("windows-1255", "cp1255 windows-1255 x-cp1255"),
        ("windows-1256", "cp1256 windows-1256 x-cp1256"),
        ("windows-1257", "cp1257 windows-1257 x-cp1257"),
        ("windows-1258", "cp1258 windows-1258 x-cp1258"),
        ("utf-16LE", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"),
        ("utf-16BE", "unicodefffe utf-16be"),
        // x-user-defined maps bytes 0x80–0xFF to private-use characters; windows-1252 keeps the ASCII text readable.
        ("windows-1252", "x-user-defined"));

    /// <summary>The encoding a label names (trimmed, case-insensitive), or null for a label nobody knows.</summary>
    public static Encoding? Find(string label)
    {
        var trimmed = label.AsSpan().Trim(" \t\r\n\f");
        if (trimmed.IsEmpty) return null;
        var lookup = Table.GetAlternateLookup<ReadOnlySpan<char>>();
        string name = lookup.TryGetValue(trimmed, out var mapped) ? mapped : trimmed.ToString();
        try { return Encoding.GetEncoding(name); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>UTF-16 labels, which a <c>&lt;meta&gt;</c> cannot honestly declare (the page would not be ASCII-readable).</summary>
    public static bool IsUtf16(Encoding encoding) => encoding.CodePage is 1200 or 1201;

    private static FrozenDictionary<string, string> Build(params (string Name, string Labels)[] rows)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, labels) in rows)
            foreach (string label in labels.Split(' ')) map[label] = name;
        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
