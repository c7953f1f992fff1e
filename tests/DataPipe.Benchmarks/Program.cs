using BenchmarkDotNet.Running;
using DataPipe.Benchmarks.Formats;
using DataPipe.Benchmarks.Pii;
using DataPipe.Benchmarks.Pipeline;
using DataPipe.Benchmarks.Pretraining;
using DataPipe.Benchmarks.Tokenization.Comparison;

namespace DataPipe.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>pipeline …</c> runs whole builds through the real CLI and prints MB/s per core, docs/s and peak RSS;
    /// <c>pipeline-split CLI</c> runs only the one-big-file rows (1 vs 2 workers on one 1 GiB JSONL file);
    /// <c>dedup-recall CLI [BEFORE-CLI]</c> prints fuzzy dedup precision/recall on real-text near-duplicates;
    /// <c>extraction …</c> extracts main text from the HTML development set and prints pages/s, MB/s per core and F1;
    /// <c>extraction-learn …</c> trains and cross-validates the learned block classifier of that extraction;
    /// <c>training …</c> trains a ~10 M-parameter GPT on CPU and prints tokens/s and MFU;
    /// <c>tokenizers …</c> trains and encodes side by side with Hugging Face tokenizers, Microsoft.ML.Tokenizers and
    /// tiktoken and prints issue #5's bars;
    /// <c>pii-quality …</c> prints PII precision/recall on real text with planted spans and replacements per MB on a
    /// real-text negative set (docs/pii.md);
    /// anything else goes to BenchmarkDotNet (micro-benchmarks of the hot paths).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "extraction") return ExtractionBench.Run(args[1..]);
        if (args.Length > 0 && args[0] == "extraction-learn") return ExtractionLearn.Run(args[1..]);
        if (args.Length > 0 && args[0] == "pipeline") return PipelineBench.Run(args[1..]);
        if (args.Length > 0 && args[0] == "pipeline-split") return PipelineBench.RunSplit(args[1..]);
        if (args.Length > 0 && args[0] == "slurm-overhead") return SlurmOverheadBench.Run(args[1..]);
        if (args.Length > 0 && args[0] == "dedup-recall") return Dedup.DedupRecallBench.Run(args[1..]);
        if (args.Length > 0 && args[0] == "training") return TrainingBench.Run(args[1..]);
        if (args.Length > 0 && args[0] == "pii-quality") return PiiQualityBench.Run(args[1..]);
        if (args.Length > 0 && args[0] == "tokenizers") return TokenizerComparisonBench.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
