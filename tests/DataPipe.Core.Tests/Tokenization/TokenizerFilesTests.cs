using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary>Our trained files, read back by our own loaders, give exactly the ids Microsoft.ML.Tokenizers gives
/// loading the same files (tokenizer.json as BpeTokenizer, ranks as TiktokenTokenizer), and both files agree.</summary>
public sealed class TokenizerFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("gpt2", false)]
    [InlineData("cl100k", false)]
    [InlineData("gpt2", true)]
    public void TokenizerJsonAndRanksGiveIdenticalIds(string pattern, bool splitDigits)
    {
        var options = new BpeTrainerOptions { VocabSize = 3000, Pattern = pattern, SplitDigits = splitDigits };
        var vocabulary = new BpeTrainer(options).Train(TokenizerTexts.Documents(4000, seed: 1));
        string json = _dir.File("tokenizer.json"), ranks = _dir.File("tokenizer.tiktoken");
        TokenizerJsonFile.Write(vocabulary, json);
        TiktokenFile.Write(vocabulary, ranks);

        var fromJson = TokenizerJsonFile.Load(json);
        var fromRanks = TiktokenFile.Load(ranks, options.PreTokenizer.Pattern);
        var oracleJson = MlOracle.FromTokenizerJson(json);
        var oracleRanks = MlOracle.FromRanks(ranks, options.PreTokenizer.Pattern);
        Assert.Equal(vocabulary.VocabSize, fromJson.VocabSize);
        Assert.Equal(vocabulary.EosId, fromJson.EosId);
        Assert.Equal(vocabulary.EosId, fromRanks.EosId);

        long tokens = 0;
        foreach (string text in TokenizerTexts.Documents(500, seed: 99))
        {
            var ids = fromJson.Encode(text);
            Assert.Equal(MlOracle.Encode(oracleJson, text), ids);
            Assert.Equal(MlOracle.Encode(oracleRanks, text), fromRanks.Encode(text));
            Assert.Equal(ids, fromRanks.Encode(text));
            Assert.DoesNotContain(vocabulary.EosId, ids);
            Assert.All(ids, id => Assert.InRange(id, 0, vocabulary.EosId - 1));
            Assert.Equal(text, fromJson.Decode(ids));
            tokens += ids.Count;
        }
        Assert.True(tokens > 10_000, $"only {tokens} tokens");
    }

    [Fact]
    public void ResolverLoadsNamesFilesAndFolders()
    {
        var vocabulary = new BpeTrainer(new BpeTrainerOptions { VocabSize = 400 }).Train(TokenizerTexts.Documents(200, seed: 1));
        TokenizerJsonFile.Write(vocabulary, _dir.File("tok/tokenizer.json"));
        Assert.Equal("tokenizer.json", TokenizerResolver.Resolve("tok", _dir.Path).Name);
        Assert.Equal(400, TokenizerResolver.Resolve("tok/tokenizer.json", _dir.Path).VocabSize);
        Assert.Equal("gpt2", TokenizerResolver.Resolve("gpt2", _dir.Path).Name);
        Assert.Throws<FileNotFoundException>(() => TokenizerResolver.Resolve("missing.json", _dir.Path));
    }
}
