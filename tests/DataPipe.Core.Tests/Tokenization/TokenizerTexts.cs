using System.Text;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary>Deterministic English-like documents plus the edge cases byte-level BPE must survive.</summary>
public static class TokenizerTexts
{
    private static readonly string[] Words =
        ("the of and to in a is that for it as was with be by on not he this are or his from at which but have an they " +
         "you were her she there been one all we their has would when if so no will more what out up into can people time " +
         "year government information development international university children business community research " +
         "I'm don't can't we've they'll she'd It's DON'T HE'S naïve café résumé Straße Москва東京 北京市 서울 مرحبا " +
         "1 42 2026 3.14159 1,000,000 0x7F $19.99 100% e-mail co-operate https://example.org/a?b=c&d=e user@example.com").Split(' ');

    private static readonly string[] Punctuation = [".", ",", "!", "?", ";", ":", " -", "…", "\"", "'", ")", "("];

    public static readonly string[] EdgeCases =
    [
        "",
        " ",
        "Hello world! The quick brown fox jumps over the lazy dog.",
        "a <|endoftext|> b",
        "<|endoftext|>",
        "emoji 😀👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵",
        "CJK 漢字かなカナ한국어 and Thai ภาษาไทย",
        "tabs\tand\t\ttabs\r\nwindows\r\nlines\n\n\nmany newlines",
        "   leading and trailing spaces   ",
        "control \u0001\u0002\u007f\u0085 chars and NBSP\u00a0here and soft\u00adhyphen",
        "replacement \uFFFD char from repaired UTF-8 \uFFFD\uFFFD",
        "digits 1234567890 12 123 1234 12345 and 3.14 and 1e10",
        "contractions: I'm you're we've they'll he'd she's it's DON'T I'M",
        "    indented code\n\tdef f(x):\n\t\treturn x ** 2  # comment\n",
        "combining e\u0301 a\u0308 and zero\u200bwidth",
        new string('=', 300) + new string(' ', 50) + "end",
    ];

    public static string Document(Random random, int words)
    {
        var sb = new StringBuilder(words * 7);
        for (int i = 0; i < words; i++)
        {
            if (i > 0) sb.Append(random.Next(20) == 0 ? "\n" : random.Next(40) == 0 ? "  " : " ");
            sb.Append(Words[random.Next(Words.Length)]);
            if (random.Next(8) == 0) sb.Append(Punctuation[random.Next(Punctuation.Length)]);
        }
        return sb.ToString();
    }

    public static List<string> Documents(int count, int seed, int words = 120)
    {
        var random = new Random(seed);
        var docs = new List<string>(count + EdgeCases.Length);
        for (int i = 0; i < count; i++) docs.Add(Document(random, 10 + random.Next(words)));
        docs.AddRange(EdgeCases);
        return docs;
    }
}
