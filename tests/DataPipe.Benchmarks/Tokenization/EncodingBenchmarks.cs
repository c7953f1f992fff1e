using System.Text;
using BenchmarkDotNet.Attributes;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;
using Microsoft.ML.Tokenizers;

namespace DataPipe.Benchmarks.Tokenization;

/// <summary>Single-thread encoding of the same ~8 MB of documents: our encoder vs Microsoft.ML.Tokenizers'
/// TiktokenTokenizer (both warm). MB/s = <see cref="Megabytes"/> / mean time.</summary>
[MemoryDiagnoser]
public class EncodingBenchmarks
{
    private List<string> _docs = [];
    private ITokenEncoder _ours = null!;
    private Tokenizer _library = null!;
    private readonly List<int> _ids = new(1 << 16);

    [Params("gpt2", "cl100k_base")]
    public string Encoding { get; set; } = "";

    public static double Megabytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _docs = BenchmarkText.Documents(8_000_000);
        Megabytes = _docs.Sum(d => (double)System.Text.Encoding.UTF8.GetByteCount(d)) / 1e6;
        Console.WriteLine($"// {Megabytes:F2} MB in {_docs.Count} documents");
        _ours = PretrainedEncodings.Load(Encoding).OpenEncoder();
        _library = Encoding == "gpt2" ? TiktokenTokenizer.CreateForModel("gpt2") : TiktokenTokenizer.CreateForEncoding(Encoding);
        Ours();
        MicrosoftMlTokenizers();
    }

    [Benchmark]
    public long Ours() => TokenCounting.Count(_ours, _docs, _ids);

    [Benchmark(Baseline = true)]
    public long MicrosoftMlTokenizers()
    {
        long n = 0;
        foreach (string doc in _docs) n += _library.EncodeToIds(doc).Count;
        return n;
    }
}
