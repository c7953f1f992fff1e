using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;

namespace DataPipe.Core.Tests.Tokenization;

public sealed class BpeTrainerTests
{
    private static string Text(BpeVocabulary v, int id) => System.Text.Encoding.UTF8.GetString(v.TokenBytes[id]);

    [Fact]
    public void FirstMergesOfAHandCheckedCorpus()
    {
        // Pair counts: u·g = 10+5+5 = 20, u·n = 12+4 = 16, p·u = 17, h·u = 15. After u·g: h·ug = 15, u·n = 16, p·u = 12.
        var words = new Dictionary<string, long> { ["hug"] = 10, ["pug"] = 5, ["pun"] = 12, ["bun"] = 4, ["hugs"] = 5 };
        var vocabulary = new BpeTrainer(new BpeTrainerOptions { VocabSize = 256 + 4 + 1, MinFrequency = 1 }).Train(words);
        Assert.Equal(["ug", "un", "hug", "pun"], Enumerable.Range(256, 4).Select(id => Text(vocabulary, id)));
        Assert.Equal(((int)'u', (int)'g'), vocabulary.Merges[0]);
        Assert.Equal(((int)'h', 256), vocabulary.Merges[2]);
        Assert.Equal(260, vocabulary.EosId);
        Assert.Equal(261, vocabulary.VocabSize);
    }

    [Fact]
    public void StopsAtMinimumFrequency()
    {
        var words = new Dictionary<string, long> { ["aa"] = 5, ["bc"] = 2, ["de"] = 1 };
        var vocabulary = new BpeTrainer(new BpeTrainerOptions { VocabSize = 1000, MinFrequency = 2 }).Train(words);
        Assert.Equal(["aa", "bc"], vocabulary.Merges.Select((_, i) => Text(vocabulary, 256 + i)));
    }

    [Fact]
    public void SameVocabularyWhateverTheThreadCount()
    {
        var docs = TokenizerTexts.Documents(3000, seed: 11);
        var one = new BpeTrainer(new BpeTrainerOptions { VocabSize = 600, Threads = 1 }).Train(docs);
        var four = new BpeTrainer(new BpeTrainerOptions { VocabSize = 600, Threads = 4 }).Train(docs);
        Assert.Equal(600 - 257, one.Merges.Count);
        Assert.Equal(one.Merges, four.Merges);
        Assert.Equal(TokenizerJsonFile.ToJson(one), TokenizerJsonFile.ToJson(four));
    }

    [Fact]
    public void SplitDigitsNeverMergesTwoDigits()
    {
        var docs = TokenizerTexts.Documents(2000, seed: 5);
        var vocabulary = new BpeTrainer(new BpeTrainerOptions { VocabSize = 1500, SplitDigits = true }).Train(docs);
        Assert.DoesNotContain(vocabulary.TokenBytes, t => t.Count(b => b is >= (byte)'0' and <= (byte)'9') > 1);
        var plain = new BpeTrainer(new BpeTrainerOptions { VocabSize = 1500 }).Train(docs);
        Assert.Contains(plain.TokenBytes, t => t.Count(b => b is >= (byte)'0' and <= (byte)'9') > 1);
    }

    [Fact]
    public void ByteBudgetReadsOnlyThatMuchInput()
    {
        var docs = Enumerable.Repeat("abcdefghij", 100).ToList(); // 10 bytes each
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 300, ByteBudget = 95 });
        trainer.Train(docs);
        Assert.Equal(10, trainer.LastRun!.Documents);
        Assert.Equal(100, trainer.LastRun.Bytes);
    }

    [Fact]
    public void EveryMergedTokenIsNewSoIdsAreMergePriorities()
    {
        var vocabulary = new BpeTrainer(new BpeTrainerOptions { VocabSize = 2000 }).Train(TokenizerTexts.Documents(3000, seed: 2));
        var distinct = vocabulary.TokenBytes.Select(Convert.ToHexString).ToHashSet();
        Assert.Equal(vocabulary.TokenBytes.Count, distinct.Count);
    }
}
