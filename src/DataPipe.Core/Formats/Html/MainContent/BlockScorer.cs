namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>
/// Classifies each block on its own (jusText's first pass): link-dense blocks are boilerplate, short ones undecided,
/// long ones main text when they read like prose — dense in stop words (space-separated scripts) or in sentence
/// punctuation (scripts without spaces: Chinese, Japanese).
/// </summary>
public static class BlockScorer
{
    public const int ShortChars = 70;
    private const int LongChars = 200;

    public static void Measure(ref TextBlock block, ReadOnlySpan<char> text)
    {
        Span<char> word = stackalloc char[24];
        int length = 0, words = 0, stops = 0, punct = 0, digits = 0;
        int end = block.Start + block.Length;
        for (int i = block.Start; i < end; i++)
        {
            char c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                if (char.IsAsciiDigit(c)) digits++;
                if (length < word.Length) word[length] = char.ToLowerInvariant(c);
                length++;
                continue;
            }
            if (length > 0)
            {
                words++;
                if (length <= word.Length && StopWords.Contains(word[..length])) stops++;
                length = 0;
            }
            if (c is '.' or ',' or ';' or ':' or '!' or '?' or '。' or '，' or '、' or '！' or '？' or '；' or '：' or '،' or '؟') punct++;
        }
        if (length > 0)
        {
            words++;
            if (length <= word.Length && StopWords.Contains(word[..length])) stops++;
        }
        block.Words = words;
        block.StopWords = stops;
        block.Punctuation = punct;
        block.Digits = digits;
        block.Class = block.Scored = words < CallMaxWords && IsCallToAction(text.Slice(block.Start, block.Length)) ? BlockClass.Bad : Classify(block);
    }

    // A short block that asks the reader to act (follow, subscribe, download the app, accept cookies) is furniture
    // wherever it sits, even in the article's own container and written as a sentence. Longer prose that mentions the
    // same words is the article talking about them. On the development set this took F1 from 0.9086 to 0.9101 on
    // pages 1-495 and from 0.9256 to 0.9274 on pages 496-990 (25 words; 40 and 60 gained less, ad labels and
    // "read more" lost on the first half).
    private const int CallMaxWords = 25;

    private static readonly string[] Calls =
    [
        "subscribe", "newsletter", "sign up", "follow us", "follow the", "download the", "download our", "on twitter",
        "on facebook", "on instagram", "youtube", "whatsapp", "telegram", "abonnieren", "folgen sie", "folge uns",
        "suscríbete", "síguenos", "suivez-nous", "abonnez", "if you enjoyed", "share this", "in den kommentaren", "cookies",
    ];

    private static bool IsCallToAction(ReadOnlySpan<char> block)
    {
        foreach (var call in Calls)
            if (block.Contains(call, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static BlockClass Classify(in TextBlock b)
    {
        double linkDensity = (double)b.LinkChars / b.Length;
        if (linkDensity > 0.5) return BlockClass.Bad;
        if (b.Kind == BlockKind.Preformatted && b.Length >= ShortChars) return BlockClass.Good;
        // Average word length over 12 characters means no spaces between words (CJK) or one long token; such text
        // says in one character what spaced scripts say in about three.
        bool spaced = b.Words > 0 && b.Length / b.Words < 12;
        int length = spaced ? b.Length : b.Length * 3;
        if (length < ShortChars) return linkDensity > 0.1 ? BlockClass.Bad : BlockClass.Short;
        if (linkDensity > 0.33) return BlockClass.Bad;
        double prose = spaced ? (double)b.StopWords / b.Words : Math.Min(1.0, b.Punctuation * 20.0 / b.Length);
        if (prose >= 0.30) return length >= LongChars ? BlockClass.Good : BlockClass.NearGood;
        if (prose >= 0.18) return BlockClass.NearGood;
        return b.Punctuation >= 2 && length >= LongChars ? BlockClass.NearGood : BlockClass.Weak;
    }
}
