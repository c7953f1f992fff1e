using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Filters;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Config;

public sealed class OptionBinderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public sealed record Inner
    {
        [Range(1, 10)] public int Depth { get; init; } = 2;
    }

    public sealed record Sample : IValidatedOptions
    {
        [Range(0, 1)] public double MaxRatio { get; init; } = 0.5;
        [Range(1, 1000)] public long MinChars { get; init; } = 5;
        public bool CountWhitespace { get; init; }
        [Choice("fast", "exact")] public string Mode { get; init; } = "exact";
        public IReadOnlyList<string> Words { get; init; } = [];
        [Key("seq_len")] public int SequenceLength { get; init; } = 64;
        public Inner Inner { get; init; } = new();

        public IEnumerable<(string Key, string Problem)> Problems()
        {
            if (Mode == "fast" && CountWhitespace) yield return ("count_whitespace", "cannot be used with mode: fast");
        }
    }

    private OptionsNode Parse(string yaml)
    {
        string file = _dir.File("o.yaml");
        File.WriteAllText(file, yaml);
        return OptionsNode.Parse(file, yaml);
    }

    private ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => OptionBinder.BindAll<Sample>(Parse(yaml)));

    [Fact]
    public void KeysAreTheSnakeCaseOfThePropertiesAndMissingKeysKeepTheirDefaults()
    {
        Assert.Equal(["max_ratio", "min_chars", "count_whitespace", "mode", "words", "seq_len", "inner"], OptionBinder.Keys<Sample>());
        Assert.Equal("max_non_alnum_ratio", OptionBinder.SnakeCase("MaxNonAlnumRatio"));
        Assert.Equal("beta1", OptionBinder.SnakeCase("Beta1"));

        var bound = OptionBinder.BindAll<Sample>(Parse("max_ratio: 0.25\nwords: [a, b]\ninner:\n  depth: 7\ncount_whitespace: yes\n"));
        Assert.Equal(new Sample { MaxRatio = 0.25, Words = bound.Words, Inner = new Inner { Depth = 7 }, CountWhitespace = true }, bound);
        Assert.Equal(["a", "b"], bound.Words);
        Assert.Equal(5, bound.MinChars);
        Assert.Equal(64, bound.SequenceLength);
    }

    [Fact]
    public void EachErrorNamesFileLineColumnAndKey()
    {
        var e = Fails("mode: exact\nmax_ratio: fast\n");
        Assert.Equal($"{_dir.File("o.yaml")}:2:1: max_ratio: expected a number, got 'fast'", e.Message);

        e = Fails("min_chars: 0\n");
        Assert.Equal("min_chars", e.Key);
        Assert.Contains("must be between 1 and 1000, got 0", e.Message);

        e = Fails("mode: slow\n");
        Assert.Contains("mode: must be one of fast, exact, got 'slow'", e.Message);

        e = Fails("inner:\n  depth: 3\n  width: 9\n");
        Assert.Equal(("inner.width", 3, 3), (e.Key, e.Line, e.Column));
        Assert.Contains("unknown key (known keys here: depth)", e.Message);

        e = Fails("min_chars: 10\nmax_ratoi: 0.1\n");
        Assert.Equal(("max_ratoi", 2), (e.Key, e.Line));
        Assert.Contains("unknown key", e.Message);

        e = Fails("mode: fast\ncount_whitespace: true\n");
        Assert.Equal(("count_whitespace", 2), (e.Key, e.Line));
        Assert.Contains("cannot be used with mode: fast", e.Message);

        e = Fails("inner: 3\n");
        Assert.Contains("inner: expected a mapping", e.Message);
    }

    [Fact]
    public void OptionsBuiltInCodeAreCheckedAgainstTheSameDeclarations()
    {
        OptionBinder.Check(new Sample(), "code");
        var e = Assert.Throws<ConfigException>(() => OptionBinder.Check(new Sample { Inner = new Inner { Depth = 11 } }, "bench"));
        Assert.Equal("bench: inner.depth: must be between 1 and 10, got 11", e.Message);
        e = Assert.Throws<ConfigException>(() => OptionBinder.Check(new Sample { Mode = "turbo" }, "bench"));
        Assert.Contains("mode: must be one of fast, exact, got 'turbo'", e.Message);
    }

    [Fact]
    public void ConvertedFiltersReportTheirOptionsAtTheirLines()
    {
        var e = LoadPipeline("  - type: symbol_ratio\n    max_non_alnum_ratio: lots\n");
        Assert.Equal(("stages[0].max_non_alnum_ratio", 5), (e.Key, e.Line));
        Assert.Contains("expected a number, got 'lots'", e.Message);

        e = LoadPipeline("  - type: length\n    min_chars: 50\n    max_chars: 10\n");
        Assert.Equal("stages[0].min_chars", e.Key);
        Assert.Contains("must not exceed max_chars (10)", e.Message);

        e = LoadPipeline("  - type: length\n    min_char: 5\n");
        Assert.Equal("stages[0].min_char", e.Key);
        Assert.Contains("unknown key (known keys here: max_chars, min_chars, name, type)", e.Message);
    }

    [Fact]
    public void ANewFilterIsOneSmallClassAndOneRegistrationLine()
    {
        var catalog = StageCatalog.CreateDefault().Add("min_lines", MinLinesFilter.Create);
        string file = _dir.File("p.yaml");
        File.WriteAllText(file, "inputs:\n  - path: a.jsonl\nstages:\n  - type: min_lines\n    name: lines\n    min_lines: 2\n");
        var stage = Assert.Single(new PipelineLoader(catalog).Load(file).Stages);
        Assert.Equal("lines", stage.Name);
        Assert.Equal([MinLinesFilter.TooFewLines], ((IDeclaresDropReasons)stage).DropReasons);
        Assert.Equal(MinLinesFilter.TooFewLines, ((MinLinesFilter)stage).Evaluate("one line"));
        Assert.Null(((MinLinesFilter)stage).Evaluate("one\ntwo"));

        File.WriteAllText(file, "inputs:\n  - path: a.jsonl\nstages:\n  - type: min_lines\n    min_lines: 0\n");
        var e = Assert.Throws<ConfigException>(() => new PipelineLoader(catalog).Load(file));
        Assert.Equal(("stages[0].min_lines", 5), (e.Key, e.Line));
    }

    [Fact]
    public void SlurmSettingsAreDeclaredOnceForTheFileAndTheCommandLine()
    {
        string file = _dir.File("p.yaml");
        File.WriteAllText(file, "inputs:\n  - path: a.jsonl\nslurm:\n  partition: cpu\n  cpus_per_task: 0\n");
        var e = Assert.Throws<ConfigException>(() => new PipelineLoader(StageCatalog.CreateDefault()).Load(file));
        Assert.Equal(("slurm.cpus_per_task", 5), (e.Key, e.Line));
        Assert.Contains("must be between 1 and 4096, got 0", e.Message);

        File.WriteAllText(file, "inputs:\n  - path: a.jsonl\nslurm:\n  mem: lots\n");
        e = Assert.Throws<ConfigException>(() => new PipelineLoader(StageCatalog.CreateDefault()).Load(file));
        Assert.Equal(("slurm.mem", 4), (e.Key, e.Line));

        // Flags are made from the same declarations: a range the file enforces holds on the command line too.
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 1, docsPerShard: 1);
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("out"), extra: "slurm:\n  setup: [a]\n");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--executor", "slurm", "--dry-run", "--slurm-cpus-per-task", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cpus_per_task: must be between 1 and 4096, got 0", result.StdErr);

        var help = CliProcess.Run(_dir.Path, "run", "--help");
        foreach (var key in OptionBinder.Keys<DataPipe.Core.Execution.Slurm.SlurmOptions>())
            Assert.Contains("--slurm-" + key.Replace('_', '-'), help.StdOut);
        var merged = new DataPipe.Core.Execution.Slurm.SlurmOptions { Setup = ["a"], Attempts = 2 }.With(new DataPipe.Core.Execution.Slurm.SlurmOverrides
        {
            Values = new OptionOverrides().Set("setup", (IReadOnlyList<string>)["b"]).Set("partition", "gpu").Set("attempts", null),
        });
        Assert.Equal(["a", "b"], merged.Setup);
        Assert.Equal("gpu", merged.Partition);
        Assert.Equal(2, merged.Attempts);
    }

    private ConfigException LoadPipeline(string stages)
    {
        string file = _dir.File("p.yaml");
        File.WriteAllText(file, $"inputs:\n  - path: a.jsonl\nstages:\n{stages}");
        return Assert.Throws<ConfigException>(() => new PipelineLoader(StageCatalog.CreateDefault()).Load(file));
    }
}

// The whole of a new heuristic filter, as docs/architecture.md describes it (options, rule, factory).
public sealed record MinLinesOptions
{
    [Range(1, 1_000_000)] public int MinLines { get; init; } = 3;
}

/// <summary>Drops documents with fewer than <c>min_lines</c> lines.</summary>
public sealed class MinLinesFilter(string name, MinLinesOptions options) : DocumentFilter(name, TooFewLines)
{
    public const string TooFewLines = "too_few_lines";

    public static IStage Create(OptionsNode o, StageBuildContext context) =>
        new MinLinesFilter(context.StageName, OptionBinder.Bind<MinLinesOptions>(o));

    protected override string? Check(Document document, TextView text, Counters counters) => Evaluate(text.Text);

    public string? Evaluate(string text) => text.AsSpan().Count('\n') + 1 < options.MinLines ? TooFewLines : null;
}
