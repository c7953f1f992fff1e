using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>One trainer's run on the training text, as a child process: the command, its wall time and peak RSS,
/// the training time it reports itself, the vocabulary it made, where it wrote it and its own summary line.</summary>
internal sealed record TrainingRun(string Name, string Command, ProcessMeasurement Process, double ReportedSeconds, int VocabSize, string Output, string Summary)
{
    /// <summary>Our <c>datapipe tokenizer train</c> with the GPT-2 split (what HF's ByteLevel pre-tokenizer applies by
    /// default) and min frequency 1 (HF's default 0 means the same: any pair that occurs can merge).</summary>
    public static TrainingRun Ours(ComparisonOptions options, ComparisonCorpus corpus)
    {
        string outDir = Path.Combine(options.WorkDirectory, "ours");
        string[] args = [options.CliDll, "tokenizer", "train", "--input", corpus.TrainTextPath,
            "--vocab-size", ComparisonOptions.VocabSize.ToString(CultureInfo.InvariantCulture), "--out", outDir,
            "--pattern", "gpt2", "--min-frequency", "1"];
        var run = MeasuredProcess.Run("dotnet", args);
        // "trained N tokens (M merges) on D documents, X MB, P distinct pre-tokens in S s"
        var match = Regex.Match(run.StdOut, @"trained (\d+) tokens .* in ([\d.]+) s");
        if (!match.Success) throw new InvalidDataException($"unexpected output of datapipe tokenizer train:\n{run.StdOut}");
        return new("ours", "dotnet " + string.Join(' ', args), run,
            double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), outDir, match.Value);
    }

    /// <summary>HF tokenizers' BpeTrainer defaults with the ByteLevel pre-tokenizer (tests/interop/tokenizers/train-hf.js).</summary>
    public static TrainingRun HuggingFace(ComparisonOptions options, ComparisonCorpus corpus)
    {
        string outFile = Path.Combine(options.WorkDirectory, "hf-tokenizer.json");
        string[] args = [Path.Combine(options.InteropDirectory, "train-hf.js"), outFile, corpus.TrainTextPath];
        var run = MeasuredProcess.Run("node", args);
        using var report = JsonDocument.Parse(run.StdOut.Trim().Split('\n')[^1]);
        return new("HF tokenizers", "node " + string.Join(' ', args), run,
            report.RootElement.GetProperty("seconds").GetDouble(), report.RootElement.GetProperty("vocab").GetInt32(), outFile, report.RootElement.GetRawText());
    }
}
