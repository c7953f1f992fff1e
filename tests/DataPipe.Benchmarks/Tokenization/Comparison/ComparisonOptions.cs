using System.Globalization;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>
/// <c>tokenizers &lt;datapipe.dll&gt; [--train-mb 100] [--heldout-mb 2] [--encode-mb 16] [--passes 3]
/// [--sample GLOB] [--work DIR] [--artifacts DIR]</c>. The defaults are issue #5's bars: 100 MB of training text and
/// a 30,000-token vocabulary.
/// </summary>
internal sealed record ComparisonOptions
{
    /// <summary>HF's default, the only size the npm binding's <c>train</c> trains.</summary>
    public const int VocabSize = 30_000;

    public required string CliDll { get; init; }
    public long TrainBytes { get; init; } = 100_000_000;
    public long HeldOutBytes { get; init; } = 2_000_000;
    public long EncodeBytes { get; init; } = 16_000_000;
    public int Passes { get; init; } = 3;

    public string SampleGlob { get; init; } = "sample-data/shards/*.warc.wet.gz";
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "datapipe-bench-tokenizers");
    public string ArtifactsDirectory { get; init; } = Path.Combine("BenchmarkDotNet.Artifacts", "tokenizers");

    /// <summary>Where the node scripts (and their node_modules from <c>make interop-deps</c>) live.</summary>
    public string InteropDirectory { get; init; } = Path.GetFullPath("tests/interop/tokenizers");

    public static ComparisonOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException("usage: tokenizers <path to datapipe.dll> [--train-mb N] [--heldout-mb N] [--encode-mb N] [--passes N] [--sample GLOB] [--work DIR] [--artifacts DIR]");
        var options = new ComparisonOptions { CliDll = Path.GetFullPath(args[0]) };
        for (int i = 1; i < args.Length; i += 2)
        {
            string name = args[i];
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--train-mb" => options with { TrainBytes = Megabytes(name, value) },
                "--heldout-mb" => options with { HeldOutBytes = Megabytes(name, value) },
                "--encode-mb" => options with { EncodeBytes = Megabytes(name, value) },
                "--passes" => options with { Passes = Positive(name, value) },
                "--sample" => options with { SampleGlob = value },
                "--work" => options with { WorkDirectory = Path.GetFullPath(value) },
                "--artifacts" => options with { ArtifactsDirectory = value },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        if (!File.Exists(options.CliDll)) throw new FileNotFoundException($"no CLI at {options.CliDll} (make build)");
        if (!Directory.Exists(Path.Combine(options.InteropDirectory, "node_modules")))
            throw new DirectoryNotFoundException($"{options.InteropDirectory}/node_modules is missing (make interop-deps)");
        return options;
    }

    private static long Megabytes(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double mb) && mb > 0
            ? (long)(mb * 1e6)
            : throw new ArgumentException($"{name} '{value}' must be a positive number of MB");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{name} '{value}' must be a positive integer");
}
