using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Remote;

/// <summary>Whole builds through the real CLI reading shards from a faulty Kestrel server.</summary>
public sealed class RemoteBuildTests : IDisposable
{
    private const string Stages = "  - type: write_documents\n  - type: write_documents\n    name: parquet_copy\n    format: parquet\n";
    private const string FastRemote = "remote:\n  retries: 6\n  base_delay_ms: 20\n  max_delay_ms: 500\n  read_timeout_ms: 500\n  attempt_timeout_ms: 30000\n";
    private const string AllowOneMissing = "max_missing_fraction: 0.2\n"; // part-404 of 6 shards
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task FaultyServerBuildEqualsTheLocalBuildAndReportsThe404ShardAsMissing()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("srv"), shards: 5, docsPerShard: 300, wordsPerDoc: 60);
        string lines = "part-000.jsonl.gz\npart-001.jsonl.gz\npart-404.jsonl.gz\npart-002.jsonl.gz\npart-003.jsonl.gz\npart-004.jsonl.gz\n";
        File.WriteAllText(_dir.File("srv/list.paths"), lines);

        string local = WritePipeline("local.yaml", $"  - paths_file: {_dir.File("srv/list.paths")}\n", _dir.File("out-local"), AllowOneMissing);
        var localRun = await CliProcess.RunAsync(_dir.Path, TimeSpan.FromMinutes(3), "run", local, "--workers", "2");
        Assert.True(localRun.ExitCode == 0, localRun.All);

        await using var server = await FaultServer.StartAsync(_dir.File("srv"), stall: TimeSpan.FromSeconds(10));
        server.Script("part-000.jsonl.gz", Fault.Status503, Fault.Status503, Fault.Status503);
        server.Script("part-001.jsonl.gz", Fault.Status429, Fault.Status429);
        server.Script("part-002.jsonl.gz", Fault.ResetMidBody);
        server.Script("part-003.jsonl.gz", Fault.Stall);
        server.Script("part-004.jsonl.gz", Fault.TruncatedGzip);
        string remote = WritePipeline("remote.yaml", $"  - paths_file: {_dir.File("srv/list.paths")}\n    base_url: {server.BaseUrl}\n", _dir.File("out-remote"), FastRemote + AllowOneMissing);
        var remoteRun = await CliProcess.RunAsync(_dir.Path, TimeSpan.FromMinutes(3), "run", remote, "--workers", "2");
        Assert.True(remoteRun.ExitCode == 0, remoteRun.All);

        var expected = CorpusFiles.Hashes(_dir.File("out-local/documents"));
        Assert.Equal(12, expected.Count); // 6 listed shards × (jsonl.gz + parquet); the missing one's files are empty
        Assert.Equal(expected, CorpusFiles.Hashes(_dir.File("out-remote/documents")));

        var report = JsonNode.Parse(File.ReadAllText(_dir.File("out-remote/report.json")))!;
        Assert.Equal(server.BaseUrl + "part-404.jsonl.gz", Assert.Single(report["inputs"]!["missing"]!.AsArray())!.ToString());
        Assert.Equal(1500, report["totals"]!["docs_kept"]!.GetValue<long>());
        // 3 × 503, 2 × 429, reset, stall, truncated: each fault costs one more request per pass that downloads.
        Assert.True(server.Requests >= 6 + 8, $"only {server.Requests} requests reached the server");
    }

    [Fact]
    public async Task CachedShardsAreNotDownloadedAgainOnARebuild()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("srv"), shards: 3, docsPerShard: 100, wordsPerDoc: 40);
        File.WriteAllText(_dir.File("srv/wet.paths"), "part-000.jsonl.gz\npart-001.jsonl.gz\npart-002.jsonl.gz\n");
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        string pipeline = WritePipeline("cached.yaml", $"  - paths_file: {_dir.File("srv/wet.paths")}\n", _dir.File("out"),
            FastRemote + $"  cache: {_dir.File("cache")}\n");

        var first = await CliProcess.RunAsync(_dir.Path, TimeSpan.FromMinutes(2), "run", pipeline, "--base-url", server.BaseUrl);
        Assert.True(first.ExitCode == 0, first.All);
        Assert.Equal(3, server.Requests);
        var expected = CorpusFiles.Hashes(_dir.File("out/documents"));

        var again = await CliProcess.RunAsync(_dir.Path, TimeSpan.FromMinutes(2), "run", pipeline, "--base-url", server.BaseUrl, "--force");
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(3, server.Requests);
        Assert.Equal(expected, CorpusFiles.Hashes(_dir.File("out/documents")));
        Assert.Equal(3, Directory.GetFiles(_dir.File("cache"), "*.jsonl.gz").Length);
    }

    private string WritePipeline(string name, string inputsYaml, string outDir, string extra)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, $"name: test\ninputs:\n{inputsYaml}out: {outDir}\n{extra}stages:\n{Stages}");
        return path;
    }
}
