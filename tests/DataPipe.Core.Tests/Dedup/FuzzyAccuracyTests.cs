using DataPipe.Core.Dedup.Fuzzy;
using DataPipe.Core.Dedup.Normalization;
using DataPipe.Core.Dedup.Spill;
using Xunit.Abstractions;

namespace DataPipe.Core.Tests.Dedup;

/// <summary>The LSH S-curve and the precision/recall of each verification method on generated near-duplicates.</summary>
public sealed class FuzzyAccuracyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.9, 0.9996)]
    [InlineData(0.8, 0.9243)]
    [InlineData(0.5, 0.0533)]
    public void DetectionRateFollowsTheBandingFormula(double similarity, double expected)
    {
        const int trials = 1500, union = 600;
        var hasher = new MinHasher(14, 8, seed: 1);
        var random = new Random(12345);
        int shared = (int)Math.Round(union * similarity), own = (union - shared) / 2;
        var x = new ulong[shared + own];
        var y = new ulong[shared + own];
        var sx = new uint[112];
        var sy = new uint[112];
        int detected = 0;
        for (int t = 0; t < trials; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = (ulong)random.NextInt64();
            Array.Copy(x, y, shared);
            for (int i = shared; i < y.Length; i++) y[i] = (ulong)random.NextInt64();
            hasher.Sign(x, sx);
            hasher.Sign(y, sy);
            bool hit = false;
            for (int b = 0; b < 14 && !hit; b++) hit = hasher.BandKey(sx, b) == hasher.BandKey(sy, b);
            if (hit) detected++;
        }
        double rate = (double)detected / trials;
        double sigma = Math.Sqrt(expected * (1 - expected) / trials);
        output.WriteLine($"s={similarity}: detected {rate:F4}, formula {expected:F4}");
        Assert.InRange(rate, expected - 4 * sigma - 0.001, expected + 4 * sigma + 0.001);
    }

    private sealed record Doc(int Family, string[] Words);

    /// <summary>400 unrelated documents; 200 of them get 1–3 edited copies (1–9 words replaced, true 5-gram
    /// Jaccard spread over ~0.6–1.0, so many pairs sit near the 0.8 threshold).</summary>
    private static List<Doc> Corpus()
    {
        var random = new Random(2024);
        var docs = new List<Doc>();
        for (int f = 0; f < 400; f++)
        {
            var words = NearDuplicateCorpus.Words(random, 150 + random.Next(150));
            docs.Add(new Doc(f, words));
            if (f % 2 == 0)
                for (int c = random.Next(1, 4); c > 0; c--) docs.Add(new Doc(f, NearDuplicateCorpus.Edit(random, words, random.Next(1, 10))));
        }
        // Shuffle so keepers are not always the originals.
        return docs.OrderBy(_ => random.Next()).ToList();
    }

    [Fact]
    public void SketchVerificationBeatsTheBarOnPrecisionAndRecall()
    {
        var docs = Corpus();
        var truth = TrueGroups(docs, out var hasPartner);
        var results = new Dictionary<string, (double Precision, double Recall)>();
        foreach (var (bands, rows) in new[] { (14, 8), (18, 6) })
        foreach (var (method, k) in new[] { (VerifyMethod.None, 0), (VerifyMethod.Signature, 0), (VerifyMethod.Sketch, 256), (VerifyMethod.Sketch, 4096) })
        {
            string name = $"{bands}x{rows} {method.ToString().ToLowerInvariant()}{(k > 0 ? "-" + k : "")}";
            var dropped = Dedup(docs, method, k, bands, rows);
            double precision = dropped.Count == 0 ? 1 : (double)dropped.Count(hasPartner.Contains) / dropped.Count;
            double recall = (double)truth.Sum(g => Math.Min(g.Count(dropped.Contains), g.Count - 1)) / truth.Sum(g => g.Count - 1);
            results[name] = (precision, recall);
            output.WriteLine($"{name,-20} dropped {dropped.Count,4}  precision {precision:F4}  recall {recall:F4}");
        }
        Assert.True(truth.Count > 100, $"only {truth.Count} true groups");
        Assert.True(results["14x8 none"].Precision < 0.8, "the set has few false candidates to catch; make it harder");
        // Verification removes the false candidates and loses no true pair: recall stays what LSH found.
        Assert.InRange(results["14x8 sketch-4096"].Precision, 0.99, 1.0);
        Assert.True(results["14x8 sketch-4096"].Recall >= results["14x8 none"].Recall - 0.01);
        // With verification on, a lower LSH threshold (18×6 ≈ 0.62) costs only verify time and lifts recall.
        Assert.InRange(results["18x6 sketch-4096"].Precision, 0.99, 1.0);
        Assert.InRange(results["18x6 sketch-4096"].Recall, 0.97, 1.0);
    }

    /// <summary>Groups of documents linked by true 5-gram Jaccard ≥ 0.8 (connected components), size ≥ 2.</summary>
    private static List<List<int>> TrueGroups(List<Doc> docs, out HashSet<int> hasPartner)
    {
        var parent = Enumerable.Range(0, docs.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        hasPartner = [];
        foreach (var family in Enumerable.Range(0, docs.Count).GroupBy(i => docs[i].Family))
        {
            var members = family.ToList();
            for (int i = 0; i < members.Count; i++)
                for (int j = i + 1; j < members.Count; j++)
                    if (NearDuplicateCorpus.Jaccard(docs[members[i]].Words, docs[members[j]].Words) >= 0.8)
                    {
                        parent[Find(members[i])] = Find(members[j]);
                        hasPartner.Add(members[i]);
                        hasPartner.Add(members[j]);
                    }
        }
        return Enumerable.Range(0, docs.Count).GroupBy(Find).Where(g => g.Count() > 1).Select(g => g.ToList()).ToList();
    }

    /// <summary>The stage's resolve logic in memory: band keys → candidates → verification → union-find, keep the smallest index.</summary>
    private static HashSet<int> Dedup(List<Doc> docs, VerifyMethod method, int k, int bandCount, int rows)
    {
        var hasher = new MinHasher(bandCount, rows, seed: 1);
        int hashes = bandCount * rows;
        var signatures = new uint[docs.Count][];
        var sketches = new uint[docs.Count][];
        var bands = new List<BandRecord>();
        var shingles = new ulong[64];
        var scratch = new uint[4096];
        for (int d = 0; d < docs.Count; d++)
        {
            int n = ShingleHasher.Compute(string.Join(' ', docs[d].Words), 5, ref shingles);
            signatures[d] = new uint[(hashes + 7) / 8 * 8];
            hasher.Sign(shingles.AsSpan(0, n), signatures[d]);
            if (scratch.Length < n) scratch = new uint[n];
            sketches[d] = scratch.AsSpan(0, ShingleSketch.Build(shingles.AsSpan(0, n), scratch, k)).ToArray();
            for (int b = 0; b < bandCount; b++) bands.Add(new BandRecord(hasher.BandKey(signatures[d], b), (ulong)d));
        }
        var sorted = bands.ToArray();
        Array.Sort(sorted);
        var parent = Enumerable.Range(0, docs.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var pair in BucketPhase.Candidates(sorted, 32))
        {
            int a = (int)pair.A, b = (int)pair.B;
            double similarity = method switch
            {
                VerifyMethod.Signature => signatures[a].Take(hashes).Zip(signatures[b]).Count(p => p.First == p.Second) / (double)hashes,
                VerifyMethod.Sketch => ShingleSketch.Jaccard(sketches[a], sketches[b], k),
                _ => 1,
            };
            if (similarity < 0.8) continue;
            int ra = Find(a), rb = Find(b);
            if (ra < rb) parent[rb] = ra; else if (rb < ra) parent[ra] = rb;
        }
        return Enumerable.Range(0, docs.Count).Where(d => Find(d) != d).ToHashSet();
    }
}
