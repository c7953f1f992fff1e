using System.Text;
using DataPipe.Core.Classification.FastText;
using DataPipe.Core.Classification.FastText.Reference;

namespace DataPipe.Core.Tests.Classification;

/// <summary>
/// The tuned tokenizer (incremental n-gram hashes, open-addressing word table, dense prune map, precomputed
/// subwords) and row accumulation against the plain reference: the same input rows in the same order and a
/// bit-identical hidden vector for every document.
/// </summary>
public sealed class FastTextReferenceTests
{
    [LidModelFact]
    public void TunedEngineMatchesTheReferenceOnLid176()
    {
        var model = FastTextModel.Load(FastTextCli.LidModel);
        var reference = new ReferenceFastText(model);
        using var predictor = model.CreatePredictor();
        var best = new FastTextPrediction[2];
        var docs = MultilingualCorpus.Collect(perSource: 20).Select(d => d.Text).Concat(FastTextOracleTests.Fixture()).ToList();
        Assert.True(docs.Count > 10);
        int nonAscii = 0;
        foreach (string doc in docs)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(doc);
            if (utf8.Any(b => b >= 0x80)) nonAscii++;
            predictor.Predict(doc, best);
            var rows = reference.InputRows(utf8);
            Assert.Equal(rows, predictor.LastInputRows.ToArray());
            if (rows.Count == 0) continue;
            Assert.Equal(reference.Hidden(rows), predictor.LastHidden.ToArray());
        }
        Assert.True(nonAscii > 5, "the set must exercise the signed-char hash of non-ASCII bytes");
    }

    [Fact]
    public void HashWidensBytesAsSignedChars()
    {
        // fastText xors in uint32(int8(c)): 0xC3 becomes 0xFFFFFFC3, unlike textbook FNV-1a.
        uint textbook = unchecked((2166136261u ^ 0xC3u) * 16777619u);
        uint fastText = unchecked((2166136261u ^ 0xFFFFFFC3u) * 16777619u);
        Assert.Equal(fastText, FastTextHash.Hash([0xC3]));
        Assert.NotEqual(textbook, FastTextHash.Hash([0xC3]));
        Assert.Equal(unchecked((2166136261u ^ (uint)'a') * 16777619u), FastTextHash.Hash("a"u8));
    }

    [Fact]
    public void WordsSplitOnlyOnFastTextsSeparators()
    {
        var words = ReferenceFastText.Words(Encoding.UTF8.GetBytes("a\tb\vc\fd\re\0f g\u00a0h"));
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g\u00a0h", "</s>"], words.Select(w => Encoding.UTF8.GetString(w)));
    }
}
