using System.Text.Json;
using DataPipe.Core.Tokenization.Files;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>UTF-8 bytes per token of the held-out documents under each trained tokenizer: ours through our own
/// encoder (its ranks file), HF's through HF's own encoder (node, its tokenizer.json).</summary>
internal sealed record HeldOutDensity(long Bytes, int Documents, long OursTokens, long HfTokens)
{
    public double OursBytesPerToken => (double)Bytes / OursTokens;
    public double HfBytesPerToken => (double)Bytes / HfTokens;

    /// <summary>Ours relative to HF's: +0.01 means ours packs 1 % more bytes into a token.</summary>
    public double RelativeDifference => OursBytesPerToken / HfBytesPerToken - 1;

    public static HeldOutDensity Measure(ComparisonOptions options, ComparisonCorpus corpus, TrainingRun ours, TrainingRun hf) =>
        new(corpus.HeldOutBytes, corpus.HeldOut.Count, CountOurs(corpus, ours), CountHf(options, corpus, hf));

    private static long CountOurs(ComparisonCorpus corpus, TrainingRun ours)
    {
        var tokenizer = TiktokenFile.Load(Path.Combine(ours.Output, TiktokenFile.FileName), PreTokenizerPatterns.Gpt2);
        return TokenCounting.Count(tokenizer.OpenEncoder(), corpus.HeldOut, new List<int>(1 << 16));
    }

    private static long CountHf(ComparisonOptions options, ComparisonCorpus corpus, TrainingRun hf)
    {
        var run = MeasuredProcess.Run("node", Path.Combine(options.InteropDirectory, "encode.js"), hf.Output, corpus.HeldOutPath);
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != corpus.HeldOut.Count)
            throw new InvalidDataException($"encode.js gave {lines.Length} id lists for {corpus.HeldOut.Count} held-out documents");
        long tokens = 0;
        foreach (string line in lines)
        {
            using var ids = JsonDocument.Parse(line);
            tokens += ids.RootElement.GetArrayLength();
        }
        return tokens;
    }
}
