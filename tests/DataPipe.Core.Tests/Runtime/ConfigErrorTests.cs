using DataPipe.Core.Config;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Tests.Runtime;

public sealed class ConfigErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ConfigException Load(string yaml)
    {
        string file = _dir.File("p.yaml");
        File.WriteAllText(file, yaml);
        return Assert.Throws<ConfigException>(() => new PipelineLoader(StageCatalog.CreateDefault()).Load(file));
    }

    [Fact]
    public void UnknownTopLevelKeyNamesFileKeyAndLine()
    {
        var e = Load("name: x\ninputs:\n  - path: a.jsonl\nworkrs: 2\nstages: []\n");
        Assert.Equal("workrs", e.Key);
        Assert.Equal(4, e.Line);
        Assert.EndsWith("p.yaml", e.File);
        Assert.Contains("unknown key", e.Message);
        Assert.Contains("p.yaml:4:", e.Message);
    }

    [Fact]
    public void UnknownStageOptionNamesTheStagePath()
    {
        var e = Load("inputs:\n  - path: a.jsonl\nstages:\n  - type: write_documents\n    formatt: parquet\n");
        Assert.Equal("stages[0].formatt", e.Key);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void WrongTypeIsReported()
    {
        var e = Load("inputs:\n  - path: a.jsonl\nworkers: many\n");
        Assert.Equal("workers", e.Key);
        Assert.Equal(3, e.Line);
        Assert.Contains("expected an integer, got 'many'", e.Message);
    }

    [Fact]
    public void ImpossibleValueIsReported()
    {
        var e = Load("inputs:\n  - path: a.jsonl\nworkers: 0\n");
        Assert.Equal("workers", e.Key);
        Assert.Contains("must be between 1 and 1024, got 0", e.Message);
    }

    [Fact]
    public void BadChoiceIsReported()
    {
        var e = Load("inputs:\n  - path: a.jsonl\nstages:\n  - type: write_documents\n    format: csv\n");
        Assert.Equal("stages[0].format", e.Key);
        Assert.Contains("must be one of jsonl.gz, parquet, got 'csv'", e.Message);
    }

    [Fact]
    public void UnknownStageTypeListsKnownTypes()
    {
        var e = Load("inputs:\n  - path: a.jsonl\nstages:\n  - type: dedupe\n");
        Assert.Equal("stages[0].type", e.Key);
        Assert.Equal(4, e.Line);
        Assert.Contains("write_documents", e.Message);
    }

    [Fact]
    public void InvalidYamlGivesItsLine()
    {
        var e = Load("inputs:\n  - path: a.jsonl\nstages: [\n");
        Assert.Contains("not valid YAML", e.Message);
        Assert.True(e.Line >= 3);
    }

    [Fact]
    public void DuplicateStageNamesAreRejected()
    {
        var e = Load("inputs:\n  - path: a.jsonl\nstages:\n  - write_documents\n  - type: write_documents\n");
        Assert.Equal("stages[1].name", e.Key);
        Assert.Contains("two stages are named", e.Message);
    }

    [Fact]
    public void MissingInputIsAConfigErrorAndTheCliRunsNothing()
    {
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("nothing-here/*.jsonl"), _dir.File("out"));
        var result = CliProcess.Run(_dir.Path, "run", pipeline);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yaml:3:", result.All);
        Assert.Contains("no input matches", result.All);
        Assert.False(File.Exists(_dir.File("out/plan.json")), "a config error must run nothing");
    }

    [Fact]
    public void EachConfigErrorStopsTheCliWithExitCode2BeforeAnyOutput()
    {
        foreach (var (yaml, expected) in new[]
        {
            ("inputs:\n  - path: x.jsonl\nbogus: 1\n", "p.yaml:3:1: bogus: unknown key"),
            ("inputs:\n  - path: x.jsonl\nseed: -4\n", "seed: must be between 0"),
            ("inputs:\n  - path: x.jsonl\nrejected_samples: lots\n", "rejected_samples: expected an integer"),
        })
        {
            File.WriteAllText(_dir.File("p.yaml"), yaml + $"out: {_dir.File("out")}\n");
            var result = CliProcess.Run(_dir.Path, "run", _dir.File("p.yaml"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(expected, result.All);
            Assert.False(Directory.Exists(_dir.File("out")));
        }
    }

    [Fact]
    public void CliFlagsOverrideTheFile()
    {
        File.WriteAllText(_dir.File("p.yaml"), "inputs:\n  - path: missing.jsonl\nworkers: 3\nout: somewhere\n");
        var pipeline = new PipelineLoader(StageCatalog.CreateDefault()).Load(_dir.File("p.yaml"),
            new PipelineOverrides { Inputs = ["other.jsonl"], Out = "elsewhere", Workers = 1 });
        Assert.Equal(1, pipeline.Workers);
        Assert.Equal("elsewhere", pipeline.Out);
        Assert.Equal("other.jsonl", Assert.Single(pipeline.Inputs).Path);
    }
}
