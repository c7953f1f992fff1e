using System.Text;
using System.Text.RegularExpressions;
using DataPipe.Core.Tokenization.Files;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary>Our hand-written pre-tokenizers split exactly like the regexes, and our encoder gives exactly
/// Microsoft.ML.Tokenizers' ids for the pretrained encodings (hand-written splits for gpt2 and cl100k_base, the
/// regex for o200k_base).</summary>
public sealed class OwnEncoderTests
{
    private const string Alphabet = "  \n\n\r\t\u00a0\u2028\u0085\u000b\u000c''sSlLeEvVrRdDmMtTabcXYZ0123456789٣Ⅻ²½.,!?;:-_/\\\"()#$%&*=<>|@^`~…€\u0301\u200bé漢字かカ한ภ";

    public static IEnumerable<object[]> HandWritten => [[PreTokenizerPatterns.Gpt2], [PreTokenizerPatterns.Cl100k]];

    private static string Fuzz(Random random, int length)
    {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            if (random.Next(25) == 0) sb.Append(char.ConvertFromUtf32(0x1F600 + random.Next(40)));
            else if (random.Next(60) == 0) sb.Append(char.ConvertFromUtf32(0x20000 + random.Next(100))); // CJK ext B: surrogates
            else sb.Append(Alphabet[random.Next(Alphabet.Length)]);
        }
        return sb.ToString();
    }

    private static IEnumerable<string> Texts()
    {
        var random = new Random(17);
        for (int i = 0; i < 3000; i++) yield return Fuzz(random, 1 + random.Next(40));
        foreach (var doc in TokenizerTexts.Documents(300, seed: 4)) yield return doc;
    }

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void SplitsExactlyLikeTheRegex(string pattern)
    {
        var preTokenizer = PreTokenizer.FromPattern(pattern);
        Assert.NotEqual(PreTokenizerKind.Regex, preTokenizer.Kind);
        var regex = new Regex(pattern);
        foreach (string text in Texts())
        {
            var expected = regex.Matches(text).Select(m => m.Value).ToList();
            var actual = new List<string>();
            foreach (var piece in preTokenizer.Split(text))
            {
                Assert.False(piece.IsEmpty, $"no progress in {Escape(text)}");
                actual.Add(piece.ToString());
            }
            Assert.True(expected.SequenceEqual(actual),
                $"{preTokenizer} on {Escape(text)}:\n regex {string.Join(" | ", expected.Select(Escape))}\n ours  {string.Join(" | ", actual.Select(Escape))}");
        }
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void IdsEqualMicrosoftMlTokenizers(string name)
    {
        var tokenizer = PretrainedEncodings.Load(name);
        var reference = MlOracle.Pretrained(name);
        var encoder = tokenizer.OpenEncoder();
        var ids = new List<int>();
        long total = 0;
        foreach (string text in Texts().Where(t => !t.Contains("<|")))
        {
            ids.Clear();
            encoder.Encode(text, ids);
            Assert.Equal(MlOracle.Encode(reference, text), ids);
            total += ids.Count;
        }
        ids.Clear();
        encoder.Encode("a <|endoftext|> b", ids);
        Assert.Equal(MlOracle.Encode(reference, "a <|endoftext|> b"), ids);
        Assert.True(total > 50_000, $"{total} tokens compared");
    }

    private static string Escape(string s) => Regex.Escape(s).Replace("\u00a0", "\\u00a0");
}
