using BenchmarkDotNet.Attributes;
using DataPipe.Core.Dedup.Fuzzy;
using DataPipe.Core.Dedup.Spill;

namespace DataPipe.Benchmarks.Dedup;

/// <summary>
/// The resolve step of one partition on one core, at the scale: 10 million documents' records of one band
/// (fuzzy: sort the (band key, position) records, turn equal keys into candidate pairs) and 10 million (hash,
/// position) records (exact: sort, scan equal-hash runs). 3 % of documents repeat an earlier document's key, so
/// there are buckets to pair. Verification reads sketches from disk and is not part of this row.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 3)]
public class ResolveBench
{
    private const int Documents = 10_000_000;

    private BandRecord[] _bands = [];
    private BandRecord[] _bandWork = [];
    private HashRecord[] _hashes = [];
    private HashRecord[] _hashWork = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(9);
        _bands = new BandRecord[Documents];
        _hashes = new HashRecord[Documents];
        for (int d = 0; d < Documents; d++)
        {
            bool repeat = d > 0 && random.Next(100) < 3;
            int source = repeat ? random.Next(d) : d;
            ulong key = repeat ? _bands[source].Key : (ulong)random.NextInt64();
            var hash = repeat ? _hashes[source] : new HashRecord((ulong)random.NextInt64(), (ulong)random.NextInt64(), 0);
            _bands[d] = new BandRecord(key, (ulong)d);
            _hashes[d] = hash with { Position = (ulong)d };
        }
        _bandWork = new BandRecord[Documents];
        _hashWork = new HashRecord[Documents];
    }

    [Benchmark(Description = "fuzzy resolve, one band: sort + candidate pairs (10M docs)")]
    public int FuzzyBuckets()
    {
        _bands.CopyTo(_bandWork, 0);
        Array.Sort(_bandWork);
        return BucketPhase.Candidates(_bandWork, 32).Count;
    }

    [Benchmark(Description = "exact resolve: sort + scan equal hashes (10M docs)")]
    public int ExactHashes()
    {
        _hashes.CopyTo(_hashWork, 0);
        Array.Sort(_hashWork);
        int dropped = 0;
        for (int i = 1; i < _hashWork.Length; i++)
            if (_hashWork[i].Hi == _hashWork[i - 1].Hi && _hashWork[i].Lo == _hashWork[i - 1].Lo) dropped++;
        return dropped;
    }
}
