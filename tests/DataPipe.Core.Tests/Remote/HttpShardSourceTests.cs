using DataPipe.Core.Input;
using DataPipe.Core.Input.Remote;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Remote;

/// <summary>The HTTP source against a real Kestrel server with injected faults: what it retries, resumes, refuses and caches.</summary>
public sealed class HttpShardSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly IReadOnlyList<string> _shards;

    public HttpShardSourceTests() => _shards = CorpusFiles.WriteJsonlShards(_dir.File("srv"), shards: 2, docsPerShard: 400, wordsPerDoc: 60);

    public void Dispose() => _dir.Dispose();

    private static RemoteOptions Fast(int retries = 4, string? cache = null) => new()
    {
        Retries = retries,
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        ReadTimeout = TimeSpan.FromMilliseconds(300),
        AttemptTimeout = TimeSpan.FromSeconds(20),
        CacheDirectory = cache,
    };

    private static async Task<byte[]> ReadAllAsync(HttpShardSource source, string url)
    {
        await using var stream = await source.OpenAsync(url, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task ResetMidBodyResumesWithARangeRequest()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        server.Script("part-000.jsonl.gz", Fault.ResetMidBody);
        var source = new HttpShardSource(Fast());
        byte[] bytes = await ReadAllAsync(source, server.BaseUrl + "part-000.jsonl.gz");
        Assert.Equal(await File.ReadAllBytesAsync(_shards[0]), bytes);
        Assert.Equal(1, source.Stats.Resumes);
        Assert.Equal(1, server.RangeRequests);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task StalledBodyIsCutAndResumed()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"), stall: TimeSpan.FromSeconds(10));
        server.Script("part-001.jsonl.gz", Fault.Stall);
        var source = new HttpShardSource(Fast());
        byte[] bytes = await ReadAllAsync(source, server.BaseUrl + "part-001.jsonl.gz");
        Assert.Equal(await File.ReadAllBytesAsync(_shards[1]), bytes);
        Assert.Equal(1, source.Stats.Resumes);
    }

    [Fact]
    public async Task WithoutRangeSupportAnInterruptedBodyRestarts()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"), advertiseRanges: false);
        server.Script("part-000.jsonl.gz", Fault.ResetMidBody, Fault.ResetMidBody);
        var source = new HttpShardSource(Fast());
        byte[] bytes = await ReadAllAsync(source, server.BaseUrl + "part-000.jsonl.gz");
        Assert.Equal(await File.ReadAllBytesAsync(_shards[0]), bytes);
        Assert.Equal(0, source.Stats.Resumes);
        Assert.Equal(2, source.Stats.Restarts);
        Assert.Equal(0, server.RangeRequests);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task TruncatedGzipWithMatchingContentLengthIsRetriedNeverReturned()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        server.Script("part-000.jsonl.gz", Fault.TruncatedGzip, Fault.TruncatedGzip);
        var source = new HttpShardSource(Fast());
        byte[] bytes = await ReadAllAsync(source, server.BaseUrl + "part-000.jsonl.gz");
        Assert.Equal(await File.ReadAllBytesAsync(_shards[0]), bytes);
        Assert.Equal(2, source.Stats.Retries);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task BurstsOf503And429AreRetried()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        server.Script("part-001.jsonl.gz", Fault.Status503, Fault.Status429, Fault.Status503, Fault.Status429);
        var source = new HttpShardSource(Fast());
        byte[] bytes = await ReadAllAsync(source, server.BaseUrl + "part-001.jsonl.gz");
        Assert.Equal(await File.ReadAllBytesAsync(_shards[1]), bytes);
        Assert.Equal(4, source.Stats.Retries);
        Assert.Equal(5, server.Requests);
    }

    [Fact]
    public async Task NotFoundIsUnavailableAtOnce()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        var source = new HttpShardSource(Fast());
        var error = await Assert.ThrowsAsync<ShardUnavailableException>(() => source.OpenAsync(server.BaseUrl + "nope.jsonl.gz", CancellationToken.None));
        Assert.Contains("HTTP 404", error.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task ExhaustedRetriesMakeTheShardUnavailableWithTheReason()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        server.Script("part-000.jsonl.gz", Enumerable.Repeat(Fault.Status503, 10).ToArray());
        var source = new HttpShardSource(Fast(retries: 2));
        var error = await Assert.ThrowsAsync<ShardUnavailableException>(() => source.OpenAsync(server.BaseUrl + "part-000.jsonl.gz", CancellationToken.None));
        Assert.Contains("after 3 attempt(s)", error.Message);
        Assert.Contains("HTTP 503", error.Message);
        Assert.Equal(3, server.Requests);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Path.GetTempPath(), "datapipe-downloads"), ShardCache.Key(server.BaseUrl + "part-000.jsonl.gz") + "*"));
    }

    [Fact]
    public async Task CircuitBreakerOpensOnAFailingHostAndTheDownloadStillCompletes()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        server.Script("part-000.jsonl.gz", Enumerable.Repeat(Fault.Status503, 4).ToArray());
        var options = Fast(retries: 10) with { BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, BreakerBreakDuration = TimeSpan.FromMilliseconds(500) };
        var source = new HttpShardSource(options);
        byte[] bytes = await ReadAllAsync(source, server.BaseUrl + "part-000.jsonl.gz");
        Assert.Equal(await File.ReadAllBytesAsync(_shards[0]), bytes);
        Assert.True(source.Stats.BreakerOpenings >= 1);
        Assert.Equal(5, server.Requests); // calls refused by the open breaker never reach the server
    }

    [Fact]
    public async Task CacheServesARerunWithoutTheNetworkAndRejectsAWrongSize()
    {
        await using var server = await FaultServer.StartAsync(_dir.File("srv"));
        string url = server.BaseUrl + "part-001.jsonl.gz";
        string cache = _dir.File("cache");
        byte[] expected = await File.ReadAllBytesAsync(_shards[1]);

        Assert.Equal(expected, await ReadAllAsync(new HttpShardSource(Fast(cache: cache)), url));
        var rerun = new HttpShardSource(Fast(cache: cache));
        Assert.Equal(expected, await ReadAllAsync(rerun, url));
        Assert.Equal(1, server.Requests);
        Assert.Equal(1, rerun.Stats.CacheHits);

        string entry = new ShardCache(cache).EntryPath(url);
        await File.WriteAllBytesAsync(entry, expected.AsMemory(0, 100).ToArray());
        var afterDamage = new HttpShardSource(Fast(cache: cache));
        Assert.Equal(expected, await ReadAllAsync(afterDamage, url));
        Assert.Equal(0, afterDamage.Stats.CacheHits);
        Assert.Equal(2, server.Requests);
    }
}
