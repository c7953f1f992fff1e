using DataPipe.Core.Decontamination;

namespace DataPipe.Core.Tests.Decontamination;

public sealed class ContaminationMatcherTests
{
    private static EvalIndex Index(int ngram, int minNGram, params EvalItem[] items) =>
        EvalIndex.Build([("set", items.ToList())], ngram, minNGram, WordNormalization.Default);

    [Fact]
    public void CaseWhitespaceAndPunctuationDoNotHideAnItem()
    {
        var index = Index(5, 5, new EvalItem(0, 0, "The quick brown fox jumps over the lazy dog", null));
        var matcher = new ContaminationMatcher(index, WordNormalization.Default);
        Assert.Equal(5, matcher.Find("...THE quick,\n\n brown -- Fox jumps; over the LAZY dog!").Count);
        Assert.Empty(matcher.Find("the quick brown cat jumps over the lazy bird"));
    }

    [Fact]
    public void KeepingPunctuationMakesItPartOfTheWords()
    {
        var normalization = new WordNormalization(true, false);
        var index = EvalIndex.Build([("set", [new EvalItem(0, 0, "alpha beta, gamma delta epsilon", null)])], 5, 5, normalization);
        var matcher = new ContaminationMatcher(index, normalization);
        Assert.Single(matcher.Find("Alpha BETA, gamma delta epsilon"));
        Assert.Empty(matcher.Find("alpha beta gamma delta epsilon"));
    }

    [Fact]
    public void AnItemShorterThanTheNGramIsOneNGramOfItsOwnLengthUnlessBelowTheMinimum()
    {
        var index = Index(13, 4,
            new EvalItem(0, 0, "one two three four five", null),
            new EvalItem(0, 1, "six seven eight", null));
        Assert.Equal([5], index.Lengths);
        Assert.Equal(1, index.Sets[0].ItemsIndexed);
        var matcher = new ContaminationMatcher(index, WordNormalization.Default);
        Assert.Single(matcher.Find("zero one two three four five six seven eight nine"));
        Assert.Empty(matcher.Find("one two three four six"));
    }

    [Fact]
    public void OnlyNGramsThatReachTheAnswerCoverIt()
    {
        // Question of 6 words, answer of 2: 3-grams starting at words 0..3 are stem only, 4..5 reach the answer.
        string text = "q1 q2 q3 q4 q5 q6 a1 a2";
        var index = Index(3, 3, new EvalItem(0, 0, text, text.IndexOf("a1", StringComparison.Ordinal)));
        var matcher = new ContaminationMatcher(index, WordNormalization.Default);
        var hits = matcher.Find(text);
        Assert.Equal(6, hits.Count);
        Assert.Equal([false, false, false, false, true, true], hits.Select(h => h.Entry.CoversAnswer));
    }

    [Fact]
    public void RollingNGramHashesEqualHashesOfTheWordsAlone()
    {
        // The prefix-hash window must not depend on what comes before it: hash each window as its own text.
        var random = new Random(3);
        string[] vocabulary = ["alpha", "Beta", "gamma", "δέλτα", "ε", "zeta", "η", "theta", "👍", "iota"];
        var words = new WordBuffer();
        var alone = new WordBuffer();
        for (int round = 0; round < 200; round++)
        {
            var tokens = Enumerable.Range(0, 5 + random.Next(40)).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToArray();
            NormalizedWords.Split(string.Join(" ", tokens), WordNormalization.Default, words);
            Assert.Equal(tokens.Length, words.Count);
            int length = 1 + random.Next(Math.Min(13, tokens.Length));
            ulong power = WordBuffer.Power(length);
            for (int i = 0; i + length <= tokens.Length; i++)
            {
                NormalizedWords.Split(string.Join("  ", tokens.Skip(i).Take(length)).ToUpperInvariant(), WordNormalization.Default, alone);
                Assert.Equal(alone.NGram(0, length, power), words.NGram(i, length, power));
            }
        }
    }
}

public sealed class EvalSetReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private EvalItem One(string json, string answerField = "answer")
    {
        File.WriteAllText(_dir.File("e.jsonl"), json + "\n");
        return EvalSetReader.Read(new EvalSetSpec("e", _dir.File("e.jsonl"), ["question", "prompt"], "choices", answerField), 0).Single();
    }

    [Theory]
    [InlineData("{\"question\":\"Q?\",\"choices\":[\"a\",\"b\",\"c\"],\"answer\":2}", "Q? c", 3)]
    [InlineData("{\"question\":\"Q?\",\"choices\":[\"a\",\"b\",\"c\"],\"answer\":\"B\"}", "Q? b", 3)]
    [InlineData("{\"question\":\"Q?\",\"choices\":{\"text\":[\"a\",\"b\"],\"label\":[\"A\",\"B\"]},\"answer\":\"1\"}", "Q? b", 3)]
    [InlineData("{\"prompt\":\"Say hi.\",\"answer\":\"hello there\"}", "Say hi. hello there", 8)]
    [InlineData("{\"question\":\"No answer here\"}", "No answer here", -1)]
    public void RecordsBecomeQuestionPlusAnswerText(string json, string expected, int answerStart)
    {
        var item = One(json);
        Assert.Equal(expected, item.Text);
        Assert.Equal(answerStart, item.AnswerStart ?? -1);
    }

    [Fact]
    public void ABadRecordNamesTheFileAndLine()
    {
        File.WriteAllText(_dir.File("e.jsonl"), "{\"question\":\"ok\"}\n{broken\n");
        var e = Assert.Throws<InvalidDataException>(() => EvalSetReader.Read(new EvalSetSpec("e", _dir.File("e.jsonl"), ["question"], "choices", "answer"), 0));
        Assert.Contains("e.jsonl:2:", e.Message);
    }
}
