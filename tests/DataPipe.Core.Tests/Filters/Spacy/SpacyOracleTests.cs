using DataPipe.Core.Filters.Text.Spacy;
using DataPipe.Core.Tests.SampleData;
using Xunit.Abstractions;

namespace DataPipe.Core.Tests.Filters.Spacy;

/// <summary>The spaCy word split against datatrove's own words on all 16 200 sample documents.</summary>
public sealed class SpacyOracleTests(SampleCorpus corpus, ITestOutputHelper output) : IClassFixture<SampleCorpus>
{
    [OracleFact]
    public void WordsEqualDatatrovesOnAtLeast995PermilleOfDocuments()
    {
        var tokenizer = new SpacyTokenizer();
        var tokens = new SpacyTokens();
        int docs = 0, same = 0, shown = 0;
        foreach (var doc in DatatroveOracle.Read())
        {
            string text = corpus.Records[doc.Id].Text;
            docs++;
            tokenizer.Tokenize(text, tokens);
            var ours = new List<(int, int)>();
            for (int i = 0; i < tokens.Count; i++)
                if (!tokens.IsSpace[i]) ours.Add((tokens.Start(i), tokens.Lengths[i]));
            var theirs = doc.WordSpans(text);
            if (ours.SequenceEqual(theirs))
            {
                same++;
                continue;
            }
            if (shown++ < 40) output.WriteLine(FirstDifference(text, ours, theirs));
        }
        output.WriteLine($"identical word lists: {same} of {docs}");
        Assert.True(same >= docs * 0.995, $"identical word lists on {same} of {docs} documents");
    }

    internal static string FirstDifference(string text, List<(int Start, int Length)> ours, List<(int Start, int Length)> theirs)
    {
        int k = 0;
        while (k < ours.Count && k < theirs.Count && ours[k] == theirs[k]) k++;
        int from = Math.Max(0, (k < theirs.Count ? theirs[k].Start : text.Length) - 40);
        string Words(List<(int Start, int Length)> w) =>
            string.Join(" | ", w.Skip(Math.Max(0, k - 2)).Take(6).Select(s => text.Substring(s.Start, s.Length)));
        return $"at word {k}: ours [{Words(ours)}] datatrove [{Words(theirs)}] context «{text.Substring(from, Math.Min(100, text.Length - from)).Replace('\n', '⏎')}»";
    }
}
