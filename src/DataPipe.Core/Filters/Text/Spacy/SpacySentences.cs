using System.Globalization;
using System.Text;

namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>
/// spaCy's rule-based sentencizer (pipeline/sentencizer.pyx, default punct_chars) over <see cref="SpacyTokenizer"/>
/// tokens, whitespace tokens included: after a token that is one of the sentence terminators, the next token that
/// is neither a terminator nor punctuation (every character of Unicode category P*) starts a sentence. A whitespace
/// token or a symbol ("@", "»", "*", "^") is not punctuation, so it starts one.
/// </summary>
public static class SpacySentences
{
    private static readonly CodePointSet Terminators = new(
        "0021 002E 003F 0589 061F 06D4 0700 0701 0702 07F9 0964 0965 104A 104B 1362 1367 1368 166E 1735 1736 1803 " +
        "1809 1944 1945 1AA8 1AA9 1AAA 1AAB 1B5A 1B5B 1B5E 1B5F 1C3B 1C3C 1C7E 1C7F 203C 203D 2047 2048 2049 2E2E " +
        "2E3C A4FF A60E A60F A6F3 A6F7 A876 A877 A8CE A8CF A92F A9C8 A9C9 AA5D AA5E AA5F AAF0 AAF1 ABEB FE52 FE56 " +
        "FE57 FF01 FF0E FF1F 10A56 10A57 11047 11048 110BE 110BF 110C0 110C1 11141 11142 11143 111C5 111C6 111CD " +
        "111DE 111DF 11238 11239 1123B 1123C 112A9 1144B 1144C 115C2 115C3 115C9 115CA 115CB 115CC 115CD 115CE " +
        "115CF 115D0 115D1 115D2 115D3 115D4 115D5 115D6 115D7 11641 11642 1173C 1173D 1173E 11A42 11A43 11A9B " +
        "11A9C 11C41 11C42 16A6E 16A6F 16AF5 16B37 16B38 16B44 1BC9F 1DA88 FF61 3002");

    /// <summary>The number of sentences of <paramref name="text"/> (1 for a text without tokens, as datatrove
    /// counts a line it splits into no spans).</summary>
    /// <param name="tokens">Where the tokens go (overwritten).</param>
    public static int Count(ReadOnlySpan<char> text, SpacyTokenizer tokenizer, SpacyTokens tokens)
    {
        tokenizer.Tokenize(text, tokens);
        int sentences = 1;
        bool seenTerminator = false;
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens.Text(text, i);
            bool terminator = IsTerminator(token);
            if (seenTerminator && !terminator && !IsPunct(token))
            {
                sentences++;
                seenTerminator = false;
            }
            else if (terminator)
            {
                seenTerminator = true;
            }
        }
        return sentences;
    }

    private static bool IsTerminator(ReadOnlySpan<char> token) =>
        Rune.DecodeFromUtf16(token, out Rune r, out int used) == System.Buffers.OperationStatus.Done
        && used == token.Length && Terminators.Contains(r.Value);

    /// <summary>spaCy's <c>is_punct</c>: every character's Unicode category starts with "P".</summary>
    public static bool IsPunct(ReadOnlySpan<char> token)
    {
        foreach (var r in token.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(r))
            {
                case UnicodeCategory.ConnectorPunctuation:
                case UnicodeCategory.DashPunctuation:
                case UnicodeCategory.OpenPunctuation:
                case UnicodeCategory.ClosePunctuation:
                case UnicodeCategory.InitialQuotePunctuation:
                case UnicodeCategory.FinalQuotePunctuation:
                case UnicodeCategory.OtherPunctuation:
                    continue;
                default:
                    return false;
            }
        }
        return true;
    }
}
