using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DataPipe.Benchmarks.Filters;
using DataPipe.Core.Decontamination;

namespace DataPipe.Benchmarks.Decontamination;

/// <summary>
/// The <c>decontaminate</c> matcher over every sample document against an index of about 10^6 eval 13-grams (issue
/// #20's bar: ≥ 50 MB/s per core). The eval items are random 24-word sequences over the sample's own vocabulary, so
/// lookups hit the filter and the dictionary as real benchmark text would, and almost none match.
/// </summary>
[Config(typeof(Columns))]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class DecontaminationBenchmarks
{
    private const int Items = 83_334;
    private const int WordsPerItem = 24;
    private static readonly Lazy<EvalIndex> Index = new(BuildIndex);
    private ContaminationMatcher _matcher = null!;
    private List<string> _docs = [];

    [GlobalSetup]
    public void Setup()
    {
        _docs = FilterBenchmarks.SampleCorpus.Docs;
        _matcher = new ContaminationMatcher(Index.Value, WordNormalization.Default);
    }

    [Benchmark(Description = "decontaminate: match against 10^6 13-grams")]
    public int Match()
    {
        int hits = 0;
        foreach (string doc in _docs) hits += _matcher.Find(doc).Count;
        return hits;
    }

    private static EvalIndex BuildIndex()
    {
        var vocabulary = FilterBenchmarks.SampleCorpus.Docs.Take(2000)
            .SelectMany(d => d.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Distinct().ToArray();
        var random = new Random(20);
        var items = new List<EvalItem>(Items);
        for (int i = 0; i < Items; i++)
            items.Add(new EvalItem(0, i, string.Join(' ', Enumerable.Range(0, WordsPerItem).Select(_ => vocabulary[random.Next(vocabulary.Length)])), null));
        return EvalIndex.Build([("bench", items)], 13, 8, WordNormalization.Default);
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new RateColumn("MBps", "MB/s", "UTF-8 megabytes (2^20) of document text per second on one core", () => FilterBenchmarks.SampleCorpus.Bytes / (1024.0 * 1024.0)));
            AddColumn(new RateColumn("DocsPerSec", "docs/s", "documents per second on one core", () => FilterBenchmarks.SampleCorpus.Docs.Count));
        }
    }
}
