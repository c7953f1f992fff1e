using DataPipe.Core.Filters;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Stages;
using DataPipe.Core.Tests.SampleData;

namespace DataPipe.Core.Tests.Filters;

/// <summary>The hashed n-gram statistics and their bounds against plain string counting, on real technical text
/// (code, tables, changelogs, licences) split as the Gopher repetition filter splits it.</summary>
public sealed class NGramKeysRealTextTests
{
    [Fact]
    public void ExactStatisticsEqualStringCountingAndBoundsHoldOnRealText()
    {
        var keys = new NGramKeys();
        var view = new TextView();
        int documents = 0, withRepeats = 0;
        foreach (string path in RealTextFiles.Take(200, minBytes: 500, maxBytes: 100_000))
        {
            view.Show(File.ReadAllText(path));
            var tokens = view.Words(WordSplit.Spacy);
            var words = Enumerable.Range(0, tokens.Count).Select(i => tokens.Word(view.Text, i).ToString()).ToArray();
            keys.Load(view.Text, tokens);
            foreach (var (n, _) in GopherRepetitionFilter.TopNGrams)
            {
                double top = SampleFilterAndPiiTests.ReferenceTop(words, n);
                Assert.True(top == keys.Exact.TopNGramChars(n), $"{path}: top {n}-gram");
                Assert.True(top <= keys.Bounds.TopNGramCharsBound(n), $"{path}: top {n}-gram above its bound");
            }
            foreach (var (n, _) in GopherRepetitionFilter.DupNGrams)
            {
                double expected = SampleFilterAndPiiTests.ReferenceDuplicates(words, n);
                if (expected > 0) withRepeats++;
                Assert.True(expected <= keys.Bounds.DuplicateNGramCharsBound(n), $"{path}: duplicated {n}-grams above their bound");
                Assert.True(expected == keys.Exact.DuplicateNGramChars(n), $"{path}: duplicated {n}-grams");
            }
            documents++;
        }
        Assert.True(documents >= 100, $"only {documents} real files");
        Assert.True(withRepeats > 200, $"real text exercised the repeated n-gram walk only {withRepeats} times");
    }
}
