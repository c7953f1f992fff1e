using System.Globalization;
using System.Runtime.InteropServices;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>
/// <c>tokenizers &lt;datapipe.dll&gt; …</c>: issue #5's tokenizer bars measured side by side in one run — BPE training
/// of ours against Hugging Face tokenizers (time, peak RSS, held-out bytes per token) and single-thread cl100k_base
/// encoding of ours against Microsoft.ML.Tokenizers, with tiktoken's WASM build for reference. Prints one table with
/// PASS/FAIL per bar and writes it as markdown and JSON. A bar that fails is reported, not thrown; ids that differ,
/// or a child process that fails, stop the run.
/// </summary>
public static class TokenizerComparisonBench
{
    public static int Run(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var options = ComparisonOptions.Parse(args);
        string loadAtStart = Machine.LoadAverage();

        Progress($"writing {options.TrainBytes / 1e6:F0} MB of training text and the held-out set from {options.SampleGlob} into {options.WorkDirectory}");
        var corpus = ComparisonCorpus.Build(options);
        // The corpus's strings stay for the encoding race; collect the rest before the trainers run beside this process.
        GC.Collect();

        Progress("training ours (datapipe tokenizer train)");
        var ours = TrainingRun.Ours(options, corpus);
        Progress($"training HF tokenizers (node train-hf.js); ours took {ours.Process.WallSeconds:F1} s");
        var hf = TrainingRun.HuggingFace(options, corpus);
        string loadAfterTraining = Machine.LoadAverage();

        Progress("held-out bytes per token");
        var heldOut = HeldOutDensity.Measure(options, corpus, ours, hf);
        Progress($"cl100k_base encoding, 1 thread, {corpus.EncodeBytes / 1e6:F1} MB × (1 checked + {options.Passes} timed passes) per encoder");
        var encoding = Cl100kRace.Run(options, corpus);

        var context = new RunContext(
            Command: "dotnet run -c Release --no-build --project tests/DataPipe.Benchmarks -- tokenizers " + string.Join(' ', args),
            Cpu: Machine.CpuModel(), Cores: Environment.ProcessorCount, DotnetVersion: RuntimeInformation.FrameworkDescription,
            NodeVersion: MeasuredProcess.Run("node", "--version").StdOut.Trim(),
            HfTokenizersVersion: NodePackages.Version(options.InteropDirectory, "tokenizers"),
            MicrosoftMlTokenizersVersion: RunContext.MicrosoftMlVersion(),
            LoadAtStart: loadAtStart, LoadAfterTraining: loadAfterTraining, LoadAtEnd: Machine.LoadAverage());
        var result = new ComparisonResult(corpus, ours, hf, heldOut, encoding, context);

        string markdown = result.ToMarkdown();
        Directory.CreateDirectory(options.ArtifactsDirectory);
        string mdPath = Path.Combine(options.ArtifactsDirectory, "tokenizer-comparison.md");
        string jsonPath = Path.Combine(options.ArtifactsDirectory, "tokenizer-comparison.json");
        File.WriteAllText(mdPath, markdown);
        File.WriteAllText(jsonPath, result.ToJson());
        Console.WriteLine();
        Console.Write(markdown);
        Console.WriteLine();
        Console.WriteLine($"wrote {Path.GetFullPath(mdPath)} and {Path.GetFullPath(jsonPath)}");
        return 0;
    }

    private static void Progress(string message) => Console.Error.WriteLine($"tokenizers: {message}");
}
