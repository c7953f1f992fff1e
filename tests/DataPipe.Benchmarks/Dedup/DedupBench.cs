using System.Text;
using BenchmarkDotNet.Attributes;
using DataPipe.Core.Dedup.Fuzzy;
using DataPipe.Core.Dedup.Normalization;

namespace DataPipe.Benchmarks.Dedup;

/// <summary>
/// Dedup hot paths over 2,000 English-like documents of ~4 KB (8 MB of text per operation): divide the text size by
/// the mean time for MB/s per core. MemoryDiagnoser shows the allocations per operation, which must not grow with
/// the shingle count (no allocation per shingle).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 6)]
public class DedupBench
{
    private string[] _docs = [];
    private readonly MinHasher _hasher = new(14, 8, seed: 1);
    private readonly ExactNormalization _exact = new();
    private ulong[] _shingles = new ulong[4096];
    private readonly uint[] _signature = new uint[112];
    private uint[] _scratch = new uint[8192];

    public long TextBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        string[] vocabulary = Enumerable.Range(0, 20_000).Select(i => Word(random)).ToArray();
        _docs = new string[2000];
        for (int d = 0; d < _docs.Length; d++)
        {
            var sb = new StringBuilder();
            while (sb.Length < 4096)
            {
                sb.Append(vocabulary[(int)Math.Min(vocabulary.Length - 1, Math.Abs(random.NextDouble() * random.NextDouble()) * vocabulary.Length)]);
                sb.Append(random.Next(12) == 0 ? ". " : " ");
            }
            _docs[d] = sb.ToString();
        }
        TextBytes = _docs.Sum(d => (long)Encoding.UTF8.GetByteCount(d));
        Console.WriteLine($"// dedup bench text: {TextBytes} bytes in {_docs.Length} docs");
    }

    private static string Word(Random random)
    {
        var chars = new char[random.Next(2, 10)];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)('a' + random.Next(26));
        if (random.Next(10) == 0) chars[0] = char.ToUpperInvariant(chars[0]);
        return new string(chars);
    }

    [Benchmark(Description = "exact: normalize + xxHash128")]
    public ulong ExactHash()
    {
        ulong acc = 0;
        foreach (var d in _docs) acc ^= (ulong)ExactTextHasher.Hash(d, _exact);
        return acc;
    }

    [Benchmark(Description = "fuzzy: shingles + MinHash 14x8")]
    public uint MinHashSign()
    {
        uint acc = 0;
        foreach (var d in _docs)
        {
            int n = ShingleHasher.Compute(d, 5, ref _shingles);
            _hasher.Sign(_shingles.AsSpan(0, n), _signature);
            acc ^= _signature[0];
        }
        return acc;
    }

    [Benchmark(Description = "fuzzy: shingles + MinHash + band keys + sketch")]
    public ulong FullSign()
    {
        ulong acc = 0;
        foreach (var d in _docs)
        {
            int n = ShingleHasher.Compute(d, 5, ref _shingles);
            _hasher.Sign(_shingles.AsSpan(0, n), _signature);
            for (int b = 0; b < 14; b++) acc ^= _hasher.BandKey(_signature, b);
            if (_scratch.Length < n) _scratch = new uint[n];
            acc += (ulong)ShingleSketch.Build(_shingles.AsSpan(0, n), _scratch, 4096);
        }
        return acc;
    }
}
