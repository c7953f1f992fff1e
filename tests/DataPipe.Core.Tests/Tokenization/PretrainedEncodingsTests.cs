using DataPipe.Core.Tokenization;
using DataPipe.Core.Tokenization.Files;
using Microsoft.ML.Tokenizers;

namespace DataPipe.Core.Tests.Tokenization;

public sealed class PretrainedEncodingsTests
{
    private static readonly Lazy<TextTokenizer> Gpt2 = new(() => PretrainedEncodings.Load("gpt2"));
    private static readonly Lazy<TextTokenizer> Cl100k = new(() => PretrainedEncodings.Load("cl100k_base"));

    [Fact]
    public void Gpt2GivesTheReferenceIds()
    {
        var ids = Gpt2.Value.Encode("Hello world! The quick brown fox jumps over the lazy dog.");
        Assert.Equal([15496, 995, 0, 383, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13], ids);
        Assert.Equal(50256, Gpt2.Value.EosId);
        Assert.Equal(50257, Gpt2.Value.VocabSize);
    }

    [Fact]
    public void Cl100kGivesTheReferenceIds()
    {
        var ids = Cl100k.Value.Encode("Hello world! The quick brown fox");
        Assert.Equal([9906, 1917, 0, 578, 4062, 14198, 39935], ids);
        Assert.Equal(100257, Cl100k.Value.EosId);
    }

    [Fact]
    public void LiteralEndOfTextInsideADocumentIsOrdinaryText()
    {
        Assert.Equal([27, 91, 437, 1659, 5239, 91, 29], Gpt2.Value.Encode("<|endoftext|>"));
        Assert.DoesNotContain(100257, Cl100k.Value.Encode("a <|endoftext|> b"));
        Assert.DoesNotContain(199999, PretrainedEncodings.Load("o200k_base").Encode("a <|endoftext|> b"));
        // What the package does by default, and why the stage does not use it as is:
        Assert.Contains(50256, TiktokenTokenizer.CreateForModel("gpt2").EncodeToIds("a <|endoftext|> b"));
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void IdsEqualThePackagesOwnEncodingOnTextWithoutSpecialTokens(string name)
    {
        var ours = PretrainedEncodings.Load(name);
        var reference = name == "gpt2" ? TiktokenTokenizer.CreateForModel("gpt2") : TiktokenTokenizer.CreateForEncoding(name);
        foreach (string text in TokenizerTexts.Documents(300, seed: 7).Where(t => !t.Contains("<|")))
            Assert.Equal(reference.EncodeToIds(text), ours.Encode(text));
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void DecodeOfEncodeIsTheText(string name)
    {
        var tokenizer = PretrainedEncodings.Load(name);
        foreach (string text in TokenizerTexts.Documents(100, seed: 3))
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void UnknownNameIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => PretrainedEncodings.Load("gpt5"));
        Assert.Contains("cl100k_base", e.Message);
    }
}
