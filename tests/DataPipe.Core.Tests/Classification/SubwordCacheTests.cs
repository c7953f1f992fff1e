using System.Text;
using DataPipe.Core.Classification.FastText;
using DataPipe.Core.Classification.FastText.Reference;

namespace DataPipe.Core.Tests.Classification;

/// <summary>
/// The predictor's cache of out-of-vocabulary words' rows against the uncached tokenizer and the plain reference, on
/// real multilingual and technical text, with a cache small enough to fill and start again many times.
/// </summary>
public sealed class SubwordCacheTests
{
    [LidModelFact]
    public void CachedRowsAndHiddenVectorsAreTheUncachedOnesThroughManyResets()
    {
        var model = FastTextModel.Load(FastTextCli.LidModel);
        var reference = new ReferenceFastText(model);
        using var predictor = model.CreatePredictor(cachedWords: 64);
        var best = new FastTextPrediction[1];
        var docs = MultilingualCorpus.Collect(perSource: 10).Select(d => d.Text)
            .Concat(RealTextFiles.Take(40, minBytes: 200, maxBytes: 20_000).Select(File.ReadAllText)).ToList();
        using var ids = new IdBuffer();
        using var hashes = new IdBuffer();
        byte[] bounded = new byte[256];
        // Twice over, so the second round meets words the first one cached (and, after resets, some it forgot).
        foreach (string doc in docs.Concat(docs))
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(doc.Replace('\n', ' '));
            predictor.PredictUtf8(utf8, best);
            FastTextTokenizer.Tokenize(model.Dictionary, utf8, ids, hashes, ref bounded);
            Assert.Equal(ids.Span.ToArray(), predictor.LastInputRows.ToArray());
            var rows = reference.InputRows(utf8);
            Assert.Equal(rows, predictor.LastInputRows.ToArray());
            if (rows.Count > 0) Assert.Equal(reference.Hidden(rows), predictor.LastHidden.ToArray());
        }
        Assert.True(predictor.CacheResets > 10, $"the cache must fill and start again (resets: {predictor.CacheResets})");
    }

    [Fact]
    public void AWordIsFoundOnlyWithItsOwnBytesAndNotAfterAReset()
    {
        var cache = new SubwordCache(entries: 2);
        uint h = FastTextHash.Hash("abc"u8);
        cache.Add("abc"u8, h, [1, 2, 3]);
        Assert.True(cache.TryGet("abc"u8, h, out var rows));
        Assert.Equal([1, 2, 3], rows.ToArray());
        Assert.False(cache.TryGet("abd"u8, h, out _)); // same hash given, other bytes: a miss, never the wrong rows
        cache.Add("de"u8, FastTextHash.Hash("de"u8), [4]);
        cache.Add("fgh"u8, FastTextHash.Hash("fgh"u8), [5, 6]); // a third word: the two-entry cache starts again
        Assert.Equal(1, cache.Resets);
        Assert.False(cache.TryGet("abc"u8, h, out _));
        Assert.True(cache.TryGet("fgh"u8, FastTextHash.Hash("fgh"u8), out rows));
        Assert.Equal([5, 6], rows.ToArray());

        // A word longer than a tiny cache's arena is not remembered (and breaks nothing).
        var tiny = new SubwordCache(entries: 1);
        byte[] longWord = Encoding.UTF8.GetBytes("Donaudampfschifffahrt");
        tiny.Add(longWord, FastTextHash.Hash(longWord), [7]);
        Assert.False(tiny.TryGet(longWord, FastTextHash.Hash(longWord), out _));
    }
}
