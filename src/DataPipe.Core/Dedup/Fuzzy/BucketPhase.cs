using System.Runtime.InteropServices;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Dedup.State;
using DataPipe.Core.Documents;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>
/// One task per band-key partition: sort (key, position), turn each bucket with several documents into candidate
/// pairs, then verify the candidates against their sketches and keep the pairs at or above the threshold.
/// Holds one partition's records plus the sketches of its candidates only.
/// </summary>
internal sealed class BucketPhase(FuzzyDedupStage stage) : IResolvePhase
{
    public string Name => "buckets";

    public int TaskCount(int shardCount) => stage.PartitionCount(shardCount);

    public void Run(ResolveContext context)
    {
        var paths = stage.Paths(context.Layout.StageDirectory(stage.Name));
        int p = context.Rank;
        var records = RecordFile.ReadAll<BandRecord>(context.Shards.Select(s => paths.SignFile(p, s.Index)));
        Array.Sort(records);
        var candidates = Candidates(records, stage.Options.MaxPairsBucket);
        context.Counters.Add("band_records", records.Length);
        context.Counters.Add("candidate_pairs", candidates.Count);

        var verified = new List<PairRecord>(candidates.Count);
        if (stage.Options.Verify == VerifyMethod.None)
            verified.AddRange(candidates.Select(c => new PairRecord(c.A, c.B, double.NaN)));
        else
        {
            var sketches = LoadSketches(paths, candidates.SelectMany(c => new[] { c.A, c.B }).Distinct().Order().ToArray());
            foreach (var c in candidates)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                double similarity = Similarity(sketches[c.A], sketches[c.B]);
                if (similarity >= stage.Options.Threshold) verified.Add(new PairRecord(c.A, c.B, similarity));
            }
        }
        context.Counters.Add("verified_pairs", verified.Count);
        context.Counters.Add("rejected_pairs", candidates.Count - verified.Count);
        RecordFile.Write<PairRecord>(paths.Pairs(p), CollectionsMarshal.AsSpan(verified));
        if (stage.Index is not null) MatchEarlierBuilds(context, paths, records);
    }

    /// <summary>Band keys of this partition that an earlier build's keeper also has become cross-build candidates,
    /// verified exactly like in-build candidates (the earlier keeper's sketch is read from the index's document
    /// store); the verified ones go to <c>earlier/</c> for the cluster phase.</summary>
    private void MatchEarlierBuilds(ResolveContext context, DedupPaths paths, BandRecord[] sorted)
    {
        var index = stage.Index!;
        index.CheckSettings(stage.IndexSettings);
        var earlier = index.Load<FuzzyIndexKey>(context.Rank, context.TaskCount, static k => k.Key);
        // Merge walk: both sides are sorted by band key.
        var candidates = new List<EarlierMatch>();
        for (int i = 0, j = 0; i < sorted.Length && j < earlier.Length;)
        {
            if (sorted[i].Key < earlier[j].Key) i++;
            else if (sorted[i].Key > earlier[j].Key) j++;
            else
            {
                int jEnd = j;
                while (jEnd < earlier.Length && earlier[jEnd].Key == sorted[i].Key) jEnd++;
                for (ulong key = sorted[i].Key; i < sorted.Length && sorted[i].Key == key; i++)
                    for (int k = j; k < jEnd; k++) candidates.Add(new EarlierMatch(sorted[i].Position, earlier[k].Build, earlier[k].Position, 0));
                j = jEnd;
            }
        }
        candidates.Sort();
        int n = 0;
        for (int i = 0; i < candidates.Count; i++)
            if (n == 0 || candidates[i].CompareTo(candidates[n - 1]) != 0) candidates[n++] = candidates[i];
        candidates.RemoveRange(n, candidates.Count - n);
        context.Counters.Add("earlier_candidates", candidates.Count);

        var verified = new List<EarlierMatch>(candidates.Count);
        if (stage.Options.Verify == VerifyMethod.None)
            verified.AddRange(candidates.Select(c => c with { Similarity = double.NaN }));
        else
        {
            var mine = LoadSketches(paths, candidates.Select(c => c.Position).Distinct().Order().ToArray());
            var theirs = LoadEarlierSketches(index, candidates);
            foreach (var c in candidates)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                double similarity = Similarity(mine[c.Position], theirs[(c.Build, c.EarlierPosition)]);
                if (similarity >= stage.Options.Threshold) verified.Add(c with { Similarity = similarity });
            }
        }
        context.Counters.Add("earlier_verified", verified.Count);
        RecordFile.Write<EarlierMatch>(paths.EarlierMatches(context.Rank), CollectionsMarshal.AsSpan(verified));
    }

    private static Dictionary<(long, ulong), uint[]> LoadEarlierSketches(DedupIndex index, List<EarlierMatch> candidates)
    {
        var sketches = new Dictionary<(long, ulong), uint[]>();
        foreach (var byStore in candidates.Select(c => (c.Build, c.EarlierPosition)).Distinct().Order()
                     .GroupBy(x => (x.Build, SourcePosition.Unpack(x.EarlierPosition).Shard)))
        {
            using var reader = new BlobReader(new DedupPaths(index.DocumentsOf(byStore.Key.Build)).Sketches(byStore.Key.Shard));
            foreach (var (build, position) in byStore)
            {
                var bytes = reader.Get(SourcePosition.Unpack(position).Ordinal)
                    ?? throw new InvalidDataException($"index has no sketch for build {build} document {SourcePosition.Unpack(position)}");
                sketches[(build, position)] = MemoryMarshal.Cast<byte, uint>(bytes).ToArray();
            }
        }
        return sketches;
    }

    /// <summary>Distinct (smaller, larger) position pairs sharing a bucket, sorted. A bucket of up to
    /// <paramref name="maxAllPairs"/> documents gives all its pairs; a bigger one links each member to the bucket's
    /// smallest position and to its predecessor, which keeps the pair count linear.</summary>
    internal static List<PairRecord> Candidates(BandRecord[] sorted, int maxAllPairs)
    {
        var pairs = new List<PairRecord>();
        for (int start = 0; start < sorted.Length;)
        {
            int end = start + 1;
            while (end < sorted.Length && sorted[end].Key == sorted[start].Key) end++;
            int size = end - start;
            if (size > 1)
            {
                if (size <= maxAllPairs)
                {
                    for (int i = start; i < end; i++)
                        for (int j = i + 1; j < end; j++)
                            pairs.Add(new PairRecord(sorted[i].Position, sorted[j].Position, 0));
                }
                else
                {
                    for (int i = start + 1; i < end; i++)
                    {
                        pairs.Add(new PairRecord(sorted[start].Position, sorted[i].Position, 0));
                        if (i > start + 1) pairs.Add(new PairRecord(sorted[i - 1].Position, sorted[i].Position, 0));
                    }
                }
            }
            start = end;
        }
        pairs.Sort();
        int n = 0;
        for (int i = 0; i < pairs.Count; i++)
            if (n == 0 || pairs[i].A != pairs[n - 1].A || pairs[i].B != pairs[n - 1].B) pairs[n++] = pairs[i];
        pairs.RemoveRange(n, pairs.Count - n);
        return pairs;
    }

    /// <summary>Reads the sketch of every candidate document, one shard's index at a time.</summary>
    private static Dictionary<ulong, uint[]> LoadSketches(DedupPaths paths, ulong[] positions)
    {
        var sketches = new Dictionary<ulong, uint[]>(positions.Length);
        foreach (var byShard in positions.GroupBy(pos => SourcePosition.Unpack(pos).Shard))
        {
            using var reader = new BlobReader(paths.Sketches(byShard.Key));
            foreach (ulong pos in byShard)
            {
                var bytes = reader.Get(SourcePosition.Unpack(pos).Ordinal)
                    ?? throw new InvalidDataException($"no sketch for document {SourcePosition.Unpack(pos)}");
                sketches[pos] = MemoryMarshal.Cast<byte, uint>(bytes).ToArray();
            }
        }
        return sketches;
    }

    private double Similarity(uint[] x, uint[] y)
    {
        int hashes = stage.Hasher.Hashes;
        if (stage.Options.Verify == VerifyMethod.Signature)
        {
            int equal = 0;
            for (int i = 0; i < hashes; i++) if (x[i] == y[i]) equal++;
            return (double)equal / hashes;
        }
        return ShingleSketch.Jaccard(x.AsSpan(hashes), y.AsSpan(hashes), stage.Options.SketchSize);
    }
}
