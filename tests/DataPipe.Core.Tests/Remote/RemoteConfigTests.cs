using DataPipe.Core.Config;
using DataPipe.Core.Input;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Tests.Remote;

/// <summary>The <c>remote:</c> section and <c>base_url</c>: read, validated, and expanded into shard URLs.</summary>
public sealed class RemoteConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private PipelineDefinition Parse(string yaml, PipelineOverrides? overrides = null) =>
        new PipelineLoader(StageCatalog.CreateDefault()).Parse(_dir.File("p.yaml"), yaml, overrides ?? new PipelineOverrides());

    [Fact]
    public void RemoteSectionIsRead()
    {
        var pipeline = Parse("inputs:\n  - path: https://h.example/a.jsonl.gz\nremote:\n  retries: 3\n  read_timeout_ms: 1500\n  concurrency_per_host: 2\n  cache: c\nstages:\n  - write_documents\n");
        Assert.Equal(3, pipeline.Remote.Retries);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), pipeline.Remote.ReadTimeout);
        Assert.Equal(2, pipeline.Remote.ConcurrencyPerHost);
        Assert.Equal(Path.GetFullPath("c"), pipeline.Remote.CacheDirectory);
    }

    [Fact]
    public void UnknownRemoteKeyIsAnErrorWithItsLine()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("inputs:\n  - path: x.jsonl\nremote:\n  retrys: 3\nstages:\n  - write_documents\n"));
        Assert.Contains("retrys", error.Message);
        Assert.Contains(":4", error.Message);
    }

    [Fact]
    public void BaseUrlTurnsPathsFileLinesIntoUrls()
    {
        File.WriteAllText(_dir.File("wet.paths"), "crawl-data/CC-MAIN-2024-10/segments/1/wet/a.warc.wet.gz\nhttps://other.example/b.jsonl\n/crawl-data/c.jsonl.gz\n");
        var yaml = $"inputs:\n  - paths_file: {_dir.File("wet.paths")}\nstages:\n  - write_documents\n";
        var pipeline = Parse(yaml, new PipelineOverrides { BaseUrl = "https://data.commoncrawl.org" });
        var shards = InputResolver.Resolve(pipeline.Inputs, pipeline.File);
        Assert.Equal(["https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/segments/1/wet/a.warc.wet.gz", "https://other.example/b.jsonl", "https://data.commoncrawl.org/crawl-data/c.jsonl.gz"],
            shards.Select(s => s.Path));
        Assert.Equal(["wet", "jsonl", "jsonl"], shards.Select(s => s.Format));
        Assert.Equal("a.warc.wet.gz", shards[0].Name);
        Assert.All(shards, s => Assert.Equal(0, s.Bytes));
    }

    [Fact]
    public void BaseUrlMustBeHttpAndGoWithAPathsFile()
    {
        var notHttp = Assert.Throws<ConfigException>(() => Parse("inputs:\n  - paths_file: x\n    base_url: ftp://h/\nstages:\n  - write_documents\n"));
        Assert.Contains("not an http(s) URL", notHttp.Message);
        var withPath = Assert.Throws<ConfigException>(() => Parse("inputs:\n  - path: x.jsonl\n    base_url: https://h/\nstages:\n  - write_documents\n"));
        Assert.Contains("'base_url' goes with 'paths_file'", withPath.Message);
    }
}
