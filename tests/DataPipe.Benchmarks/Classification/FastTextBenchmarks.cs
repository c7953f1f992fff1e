using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DataPipe.Core.Classification.FastText;
using DataPipe.Core.Tests.Classification;

namespace DataPipe.Benchmarks.Classification;

/// <summary>
/// Language identification with lid.176.ftz (`make models`) on the same multilingual documents (apt's Translation-*
/// descriptions and the localized man pages, as the oracle tests gather them), one core: the C# engine against
/// Debian's fastText CLI (`fasttext predict-prob MODEL FILE 1`, pinned to core 0 with taskset). Model loading is
/// measured apart: the CLI's prediction time is "CLI, load + predict" minus "CLI, load only". MB/s is only
/// meaningful on the predicting rows.
/// </summary>
[Config(typeof(Columns))]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class FastTextBenchmarks
{
    private static readonly Lazy<(List<string> Docs, long Bytes)> Corpus = new(Load);
    private static readonly string Model = FindModel();
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "datapipe-bench-fasttext");
    private static readonly string DocsFile = Path.Combine(Folder, "docs.txt");
    private static readonly string EmptyFile = Path.Combine(Folder, "empty.txt");

    private FastTextModel _model = null!;
    private FastTextPredictor _predictor = null!;
    private readonly FastTextPrediction[] _best = new FastTextPrediction[1];

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(DocsFile, string.Concat(Corpus.Value.Docs.Select(d => d + "\n")), new UTF8Encoding(false));
        File.WriteAllText(EmptyFile, "");
        _model = FastTextModel.Load(Model);
        _predictor = _model.CreatePredictor();
        Console.WriteLine(Exactness.Value);
    }

    /// <summary>
    /// The exactness row of the same run: our top label and probability against the CLI's on the very documents
    /// timed here (`fasttext predict-prob MODEL docs.txt 1`), so speed and agreement are stated for one input.
    /// </summary>
    private static readonly Lazy<string> Exactness = new(() =>
    {
        var psi = new ProcessStartInfo("/usr/bin/fasttext", ["predict-prob", Model, DocsFile, "1"]) { RedirectStandardOutput = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("fasttext did not start");
        var cli = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line) cli.Add(line);
        process.WaitForExit();
        var model = FastTextModel.Load(Model);
        using var predictor = model.CreatePredictor();
        var best = new FastTextPrediction[1];
        var docs = Corpus.Value.Docs;
        int equal = 0;
        double maxDelta = 0;
        for (int i = 0; i < docs.Count; i++)
        {
            string[] theirs = i < cli.Count ? cli[i].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            bool ours = predictor.Predict(docs[i], best) > 0;
            if (!ours || theirs.Length < 2)
            {
                if (!ours && theirs.Length < 2) equal++;
                continue;
            }
            if (theirs[0] != model.LabelName(best[0].Label)) continue;
            equal++;
            maxDelta = Math.Max(maxDelta, Math.Abs(best[0].Probability - double.Parse(theirs[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return $"fastText exactness on these {docs.Count:N0} documents: top label equal on {equal:N0} ({100.0 * equal / docs.Count:F3} %), "
            + $"max |Δp| {maxDelta:E1} where equal (the CLI prints 6 significant digits)";
    });

    [GlobalCleanup]
    public void Cleanup() => _predictor.Dispose();

    [Benchmark(Description = "C#, predict (model loaded)")]
    public int Predict()
    {
        int english = 0;
        foreach (string doc in Corpus.Value.Docs)
            if (_predictor.Predict(doc, _best) > 0 && _best[0].Label == 0) english++;
        return english;
    }

    [Benchmark(Description = "C#, load only")]
    public FastTextModel LoadModel() => FastTextModel.Load(Model);

    [Benchmark(Description = "CLI, load + predict")]
    public int CliPredict() => RunCli(DocsFile);

    [Benchmark(Description = "CLI, load only")]
    public int CliLoad() => RunCli(EmptyFile);

    private static int RunCli(string input)
    {
        var psi = new ProcessStartInfo("taskset", ["-c", "0", "/usr/bin/fasttext", "predict-prob", Model, input, "1"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("fasttext did not start");
        int lines = 0;
        while (process.StandardOutput.ReadLine() is not null) lines++;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"fasttext exited {process.ExitCode}");
        return lines;
    }

    private static (List<string> Docs, long Bytes) Load()
    {
        var docs = MultilingualCorpus.Collect(perSource: 1500).Select(d => d.Text).ToList();
        return (docs, docs.Sum(d => (long)Encoding.UTF8.GetByteCount(d) + 1));
    }

    private static string FindModel()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string model = Path.Combine(dir.FullName, "models", "lid.176.ftz");
            if (File.Exists(model)) return model;
        }
        throw new InvalidOperationException("models/lid.176.ftz is missing: run `make models` first");
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new RateColumn("MBps", "MB/s", "UTF-8 megabytes (2^20) of document lines per second on one core", () => Corpus.Value.Bytes / (1024.0 * 1024.0)));
            AddColumn(new RateColumn("DocsPerSec", "docs/s", "documents per second on one core", () => Corpus.Value.Docs.Count));
        }
    }
}
