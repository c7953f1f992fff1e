using BenchmarkDotNet.Attributes;
using DataPipe.Core.Tokenization.Bpe;

namespace DataPipe.Benchmarks.Tokenization;

/// <summary>BPE training on ~10 MB of Zipfian text to 30,000 tokens (HF's default), all cores.</summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private List<string> _docs = [];

    [GlobalSetup]
    public void Setup() => _docs = BenchmarkText.Documents(10_000_000, seed: 3);

    [Benchmark]
    public int Train30k() => new BpeTrainer(new BpeTrainerOptions { VocabSize = 30_000 }).Train(_docs).Merges.Count;
}
