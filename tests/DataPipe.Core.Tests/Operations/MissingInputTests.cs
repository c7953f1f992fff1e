using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Remote;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Operations;

/// <summary><c>max_missing_fraction</c>: a build whose inputs are missing fails after the rest has run, unless the pipeline allows it.</summary>
public sealed class MissingInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void APathsFileOfMissingShardsFailsTheBuildAfterTheRestRan()
    {
        Directory.CreateDirectory(_dir.File("in"));
        File.WriteAllText(_dir.File("in/list.paths"), "gone-000.jsonl.gz\ngone-001.jsonl.gz\ngone-002.jsonl.gz\n");
        File.WriteAllText(_dir.File("p.yaml"), $"inputs:\n  - paths_file: {_dir.File("in/list.paths")}\nout: {_dir.File("out")}\nstages:\n  - write_documents\n");
        var result = CliProcess.Run(_dir.Path, "run", _dir.File("p.yaml"));
        Assert.True(result.ExitCode == 1, result.All);
        Assert.Contains("missing inputs: 3 of 3 shards (100 %), limit max_missing_fraction 0 allows 0", result.StdOut);
        Assert.Contains("error: missing inputs: 3 of 3 shards", result.StdErr);
        // The rest ran: the report exists and names every missing shard.
        var report = JsonNode.Parse(File.ReadAllText(_dir.File("out/report.json")))!;
        Assert.Equal(3, report["inputs"]!["missing"]!.AsArray().Count);
    }

    [Fact]
    public void MissingShardsWithinTheLimitPassAndTheSummarySaysSo()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 3, docsPerShard: 10);
        File.WriteAllText(_dir.File("in/list.paths"), "part-000.jsonl.gz\npart-404.jsonl.gz\npart-001.jsonl.gz\npart-002.jsonl.gz\n");
        string yaml = $"inputs:\n  - paths_file: {_dir.File("in/list.paths")}\nout: {_dir.File("out")}\nmax_missing_fraction: 0.25\nstages:\n  - write_documents\n";
        File.WriteAllText(_dir.File("p.yaml"), yaml);
        var result = CliProcess.Run(_dir.Path, "run", _dir.File("p.yaml"));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("missing inputs: 1 of 4 shards (25 %), limit max_missing_fraction 0.25 allows 1", result.StdOut);
        Assert.DoesNotContain("over the limit", result.All);
    }

    [Fact]
    public async Task AUrlAnswering404FailsTheBuild()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("srv"), shards: 1, docsPerShard: 5);
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        File.WriteAllText(_dir.File("p.yaml"),
            $"inputs:\n  - path: {server.BaseUrl}part-404.jsonl.gz\nout: {_dir.File("out")}\nremote:\n  retries: 1\n  base_delay_ms: 20\nstages:\n  - write_documents\n");
        var result = await CliProcess.RunAsync(_dir.Path, TimeSpan.FromMinutes(2), "run", _dir.File("p.yaml"));
        Assert.True(result.ExitCode == 1, result.All);
        Assert.Contains("missing inputs: 1 of 1 shards (100 %)", result.StdOut);
        Assert.Contains("HTTP 404", result.StdErr);
    }
}
