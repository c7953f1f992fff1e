using System.Globalization;

namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>
/// spaCy's character classes (spacy/lang/char_classes.py, v3.6): which letters count as ALPHA, ALPHA_LOWER and
/// ALPHA_UPPER (Latin with its extensions, Cyrillic, Greek, Tatar, Ukrainian letters, plus "uncased" scripts that
/// belong to all three), the "icons" class (symbols and emoji, split off everywhere), and the literal sets the
/// prefix, suffix and infix rules use. These are spaCy's hand-made lists, not Unicode categories: "ĳ" or a Thai
/// letter is not ALPHA, "。" is (it sits in the CJK block spaCy lists).
/// </summary>
public static class SpacyChars
{
    private const string LatinLowerExtA =
        "0101 0103 0105 0107 0109 010B 010D 010F 0111 0113 0115 0117 0119 011B 011D 011F 0121 0123 0125 0127 0129 " +
        "012B 012D 012F 0131 0133 0135 0137 0138 013A 013C 013E 0140 0142 0144 0146 0148 0149 014B 014D 014F 0151 " +
        "0153 0155 0157 0159 015B 015D 015F 0161 0163 0165 0167 0169 016B 016D 016F 0171 0173 0175 0177 017A 017C " +
        "017E 017F";

    private const string LatinUpperExtA =
        "0100 0102 0104 0106 0108 010A 010C 010E 0110 0112 0114 0116 0118 011A 011C 011E 0120 0122 0124 0126 0128 " +
        "012A 012C 012E 0130 0132 0134 0136 0139 013B 013D 013F 0141 0143 0145 0147 014A 014C 014E 0150 0152 0154 " +
        "0156 0158 015A 015C 015E 0160 0162 0164 0166 0168 016A 016C 016E 0170 0172 0174 0176 0178 0179 017B 017D";

    private const string LatinUpperExtB =
        "0181 0182 0184 0186 0187 0189-018B 018E-0191 0193 0194 0196-0198 019C 019D 019F 01A0 01A2 01A4 01A6 01A7 " +
        "01A9 01AC 01AE 01AF 01B1-01B3 01B5 01B7 01B8 01BC 01C4 01C7 01CA 01CD 01CF 01D1 01D3 01D5 01D7 01D9 01DB " +
        "01DE 01E0 01E2 01E4 01E6 01E8 01EA 01EC 01EE 01F1 01F4 01F6-01F8 01FA 01FC 01FE 0200 0202 0204 0206 0208 " +
        "020A 020C 020E 0210 0212 0214 0216 0218 021A 021C 021E 0220 0222 0224 0226 0228 022A 022C 022E 0230 0232 " +
        "023A 023B 023D 023E 0241 0243-0246 0248 024A 024C 024E";

    private const string LatinLowerExtB =
        "0180 0183 0185 0188 018C 018D 0192 0195 0199-019B 019E 01A1 01A3 01A5 01A8 01AA 01AB 01AD 01B0 01B4 01B6 " +
        "01B9 01BA 01BD-01BF 01C6 01C9 01CC 01CE 01D0 01D2 01D4 01D6 01D8 01DA 01DC 01DD 01DF 01E1 01E3 01E5 01E7 " +
        "01E9 01EB 01ED 01EF 01F0 01F3 01F5 01F9 01FB 01FD 01FF 0201 0203 0205 0207 0209 020B 020D 020F 0211 0213 " +
        "0215 0217 0219 021B 021D 021F 0221 0223 0225 0227 0229 022B 022D 022F 0231 0233-0239 023C 023F 0240 0242 " +
        "0247 0249 024B 024D 024F";

    private const string LatinUpperExtC = "2C60 2C62-2C64 2C67 2C69 2C6B 2C6D-2C70 2C72 2C75 2C7E 2C7F";
    private const string LatinLowerExtC = "2C61 2C65 2C66 2C68 2C6A 2C6C 2C71 2C73 2C74 2C76-2C7B";

    private const string LatinUpperExtD =
        "A722 A724 A726 A728 A72A A72C A72E A732 A734 A736 A738 A73A A73C A73E A740 A742 A744 A746 A748 A74A A74C " +
        "A74E A750 A752 A754 A756 A758 A75A A75C A75E A760 A762 A764 A766 A768 A76A A76C A76E A779 A77B A77D A77E " +
        "A780 A782 A784 A786 A78B A78D A790 A792 A796 A798 A79A A79C A79E A7A0 A7A2 A7A4 A7A6 A7A8 A7AA-A7AE " +
        "A7B0-A7B4 A7B6 A7B8";

    private const string LatinLowerExtD =
        "A723 A725 A727 A729 A72B A72D A72F-A731 A733 A735 A737 A739 A73B A73D A73F A741 A743 A745 A747 A749 A74B " +
        "A74D A74F A751 A753 A755 A757 A759 A75B A75D A75F A761 A763 A765 A767 A769 A76B A76D A76F A771-A778 A77A " +
        "A77C A77F A781 A783 A785 A787 A78C A78E A791 A793-A795 A797 A799 A79B A79D A79F A7A1 A7A3 A7A5 A7A7 A7A9 " +
        "A7AF A7B5 A7B7 A7B9 A7FA";

    private const string LatinLowerExtE = "AB30-AB5A AB60-AB64";
    private const string LatinPhonetic = "0250-02AF 1D00-1D25 1D6B-1D77 1D79-1D9A";

    private const string Uncased =
        // Bengali, Hebrew, Persian/Arabic, Sinhala, Hindi, Kannada, Tamil, Telugu, Hangul
        "0980-09FF 0591-05F4 FB1D-FB4F 0620-064A 066E-06D5 06E5-06FF 0750-077F 08A0-08BD FB50-FBB1 FBD3-FD3D " +
        "FD50-FDC7 FDF0-FDFB FE70-FEFC 1EE00-1EEBB 0D80-0DFF 0900-097F 0C80-0CFF 0B80-0BFF 0C00-0C7F AC00-D7AF " +
        "1100-11FF " +
        // CJK, as spaCy lists it (including CJK punctuation 3000-303F)
        "4E00-62FF 6300-77FF 7800-8CFF 8D00-9FFF 3400-4DBF 20000-215FF 21600-230FF 23100-245FF 24600-260FF " +
        "26100-275FF 27600-290FF 29100-2A6DF 2A700-2B73F 2B740-2B81F 2B820-2CEAF 2CEB0-2EBEF 2E80-2EFF 2F00-2FDF " +
        "2FF0-2FFF 3000-303F 31C0-31EF 3200-32FF 3300-33FF F900-FAFF FE30-FE4F 1F200-1F2FF 2F800-2FA1F";

    private const string Icons =
        "00A6 00A9 00AE 00B0 0482 058D 058E 060E 060F 06DE 06E9 06FD 06FE 07F6 09FA 0B70 0BF3-0BF8 0BFA 0C7F 0D4F " +
        "0D79 0F01-0F03 0F13 0F15-0F17 0F1A-0F1F 0F34 0F36 0F38 0FBE-0FC5 0FC7-0FCC 0FCE 0FCF 0FD5-0FD8 109E 109F " +
        "1390-1399 1940 19DE-19FF 1B61-1B6A 1B74-1B7C 2100 2101 2103-2106 2108 2109 2114 2116 2117 211E-2123 2125 " +
        "2127 2129 212E 213A 213B 214A 214C 214D 214F 218A 218B 2195-2199 219C-219F 21A1 21A2 21A4 21A5 21A7-21AD " +
        "21AF-21CD 21D0 21D1 21D3 21D5-21F3 2300-2307 230C-231F 2322-2328 232B-237B 237D-239A 23B4-23DB 23E2-2426 " +
        "2440-244A 249C-24E9 2500-25B6 25B8-25C0 25C2-25F7 2600-266E 2670-2767 2794-27BF 2800-28FF 2B00-2B2F 2B45 " +
        "2B46 2B4D-2B73 2B76-2B95 2B98-2BC8 2BCA-2BFE 2CE5-2CEA 2E80-2E99 2E9B-2EF3 2F00-2FD5 2FF0-2FFB 3004 3012 " +
        "3013 3020 3036 3037 303E 303F 3190 3191 3196-319F 31C0-31E3 3200-321E 322A-3247 3250 3260-327F 328A-32B0 " +
        "32C0-32FE 3300-33FF 4DC0-4DFF A490-A4C6 A828-A82B A836 A837 A839 AA77-AA79 FDFD FFE4 FFE8 FFED FFEE FFFC " +
        "FFFD 10137-1013F 10179-10189 1018C-1018E 10190-1019B 101A0 101D0-101FC 10877 10878 10AC8 1173F " +
        "16B3C-16B3F 16B45 1BC9C 1D000-1D0F5 1D100-1D126 1D129-1D164 1D16A-1D16C 1D183 1D184 1D18C-1D1A9 " +
        "1D1AE-1D1E8 1D200-1D241 1D245 1D300-1D356 1D800-1D9FF 1DA37-1DA3A 1DA6D-1DA74 1DA76-1DA83 1DA85 1DA86 " +
        "1ECAC 1F000-1F02B 1F030-1F093 1F0A0-1F0AE 1F0B1-1F0BF 1F0C1-1F0CF 1F0D1-1F0F5 1F110-1F16B 1F170-1F1AC " +
        "1F1E6-1F202 1F210-1F23B 1F240-1F248 1F250 1F251 1F260-1F265 1F300-1F3FA 1F400-1F6D4 1F6E0-1F6EC " +
        "1F6F0-1F6F9 1F700-1F773 1F780-1F7D8 1F800-1F80B 1F810-1F847 1F850-1F859 1F860-1F887 1F890-1F8AD " +
        "1F900-1F90B 1F910-1F93E 1F940-1F970 1F973-1F976 1F97A 1F97C-1F9A2 1F9B0-1F9B9 1F9C0-1F9C2 1F9D0-1F9FF " +
        "1FA60-1FA6D";

    /// <summary>Vietnamese letters with several diacritics: upper case at even code points, lower at odd, with
    /// the exceptions spaCy lists (1E95–1E9D lower, 1E9E upper, 1E9F lower).</summary>
    private static string Diacritics(bool upper)
    {
        var items = new List<string>();
        for (int c = 0x1E00; c <= 0x1EFF; c++)
        {
            bool isUpper = c switch
            {
                >= 0x1E95 and <= 0x1E9D => false,
                0x1E9E => true,
                0x1E9F => false,
                _ => c % 2 == 0,
            };
            if (isUpper == upper) items.Add(c.ToString("X4", CultureInfo.InvariantCulture));
        }
        return string.Join(' ', items);
    }

    private static readonly string LatinLower = string.Join(' ', "0061-007A FF41-FF5A 00DF-00F6 00F8-00FF",
        LatinLowerExtA, LatinLowerExtB, LatinLowerExtC, LatinLowerExtD, LatinLowerExtE, LatinPhonetic, Diacritics(false));

    private static readonly string LatinUpper = string.Join(' ', "0041-005A FF21-FF3A 00C0-00D6 00D8-00DE",
        LatinUpperExtA, LatinUpperExtB, LatinUpperExtC, LatinUpperExtD, Diacritics(true));

    private const string Latin =
        "0041-005A 0061-007A FF21-FF3A FF41-FF5A 00C0-00D6 00D8-00F6 00F8-00FF 0100-017F 0180-01BF 01C4-024F " +
        "2C60-2C7B 2C7E-2C7F A722-A76F A771-A787 A78B-A78E A790-A7B9 A7FA AB30-AB5A AB60-AB64 0250-02AF 1D00-1D25 " +
        "1D6B-1D77 1D79-1D9A 1E00-1EFF";

    // Russian, Tatar, Greek and Ukrainian letters, as spaCy lists them.
    private const string OtherLower = "ёа-яәөүҗңһα-ωάέίόώήύа-щюяіїєґ";
    private const string OtherUpper = "ЁА-ЯӘӨҮҖҢҺΑ-ΩΆΈΊΌΏΉΎА-ЩЮЯІЇЄҐ";

    public static readonly CodePointSet AlphaLower = new(LatinLower, Uncased, Ranges(OtherLower));
    public static readonly CodePointSet AlphaUpper = new(LatinUpper, Uncased, Ranges(OtherUpper));
    public static readonly CodePointSet Alpha = new(Latin, Uncased, Ranges(OtherLower), Ranges(OtherUpper));
    public static readonly CodePointSet Icon = new(Icons);

    /// <summary>CONCAT_QUOTES: the quote characters (with the comma spaCy lists among them).</summary>
    public const string QuoteChars = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉";

    /// <summary>The single characters of LIST_PUNCT ("……" is handled where it matters).</summary>
    public const string PunctChars = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪";

    public static readonly CodePointSet Quote = CodePointSet.Of(QuoteChars);

    /// <summary>Characters a prefix may be on its own: § % = — – (and + when no digit follows, checked by the
    /// caller), LIST_PUNCT, "…", LIST_QUOTES and the one-character currencies.</summary>
    public static readonly CodePointSet PrefixChar = CodePointSet.Union(
        CodePointSet.Of("§%=—–" + PunctChars + QuoteChars + "$£€¥฿₽﷼₴"), Icon);

    /// <summary>Characters a suffix may be on its own without context: LIST_PUNCT, "…", LIST_QUOTES, icons, — and –.</summary>
    public static readonly CodePointSet SuffixChar = CodePointSet.Union(CodePointSet.Of(PunctChars + QuoteChars + "—–"), Icon);

    /// <summary>What may stand before a final "." for it to split off: [0-9{ALPHA_LOWER}%²\-\+{PUNCT}(?:{QUOTES})]
    /// — a character class into which spaCy pastes the PUNCT alternation and "(?:", so "|", "(", "?", ":" and ")"
    /// are members too.</summary>
    public static readonly CodePointSet BeforeFinalPeriod = CodePointSet.Union(
        AlphaLower, CodePointSet.Of("0123456789%²-+|(?:)" + PunctChars + QuoteChars));

    public static readonly CodePointSet LowerOrQuote = CodePointSet.Union(AlphaLower, Quote);
    public static readonly CodePointSet UpperOrQuote = CodePointSet.Union(AlphaUpper, Quote);

    /// <summary>A hex range spec from a character-class body such as "ёа-я".</summary>
    private static string Ranges(string body)
    {
        var items = new List<string>();
        var runes = body.EnumerateRunes().Select(r => r.Value).ToArray();
        for (int i = 0; i < runes.Length; i++)
        {
            if (i + 2 < runes.Length && runes[i + 1] == '-')
            {
                items.Add(string.Create(CultureInfo.InvariantCulture, $"{runes[i]:X4}-{runes[i + 2]:X4}"));
                i += 2;
            }
            else
            {
                items.Add(runes[i].ToString("X4", CultureInfo.InvariantCulture));
            }
        }
        return string.Join(' ', items);
    }

    public static bool IsAsciiDigit(int c) => (uint)(c - '0') <= 9;
}
