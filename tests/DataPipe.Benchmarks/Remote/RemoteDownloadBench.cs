using BenchmarkDotNet.Attributes;
using DataPipe.Core.Input.Remote;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPipe.Benchmarks.Remote;

/// <summary>
/// Downloads 8 shards of 16 MB from a Kestrel server on 127.0.0.1 that fails a share of requests (503, 429 with
/// Retry-After: 0, or a reset half way through the body). The bar: at 20 % failures, throughput ≥ 50 % of fault-free.
/// </summary>
[MemoryDiagnoser]
public class RemoteDownloadBench
{
    private const int Shards = 8;
    private const int ShardBytes = 16 << 20;
    private WebApplication? _app;
    private string _baseUrl = "";
    private byte[] _payload = [];
    private Random _random = new(1);

    [Params(0.0, 0.2)]
    public double FailureRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[ShardBytes];
        new Random(5).NextBytes(_payload);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(ServeAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        _baseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
    }

    [GlobalCleanup]
    public void Cleanup() => _app?.StopAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<long> DownloadEightShards()
    {
        _random = new Random(1);
        var source = new HttpShardSource(new RemoteOptions
        {
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromSeconds(1),
            Retries = 20,
            BreakerMinimumThroughput = 100,
            ConcurrencyPerHost = 4,
        });
        var reads = Enumerable.Range(0, Shards).Select(async i =>
        {
            await using var stream = await source.OpenAsync($"{_baseUrl}shard-{i}.bin", CancellationToken.None);
            return stream.Length;
        });
        return (await Task.WhenAll(reads)).Sum();
    }

    private async Task ServeAsync(HttpContext context)
    {
        int fault;
        lock (_random) fault = _random.NextDouble() < FailureRate ? 1 + _random.Next(3) : 0;
        if (fault == 1) { context.Response.StatusCode = 503; return; }
        if (fault == 2) { context.Response.StatusCode = 429; context.Response.Headers.RetryAfter = "0"; return; }
        long from = 0;
        string? range = context.Request.Headers.Range;
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-') && context.Request.Headers.IfRange == "\"v1\"")
        {
            from = long.Parse(range["bytes=".Length..^1]);
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {from}-{ShardBytes - 1}/{ShardBytes}";
        }
        context.Response.Headers.ETag = "\"v1\"";
        context.Response.Headers.AcceptRanges = "bytes";
        var body = _payload.AsMemory((int)from);
        context.Response.ContentLength = body.Length;
        if (fault == 3)
        {
            await context.Response.Body.WriteAsync(body[..(body.Length / 2)]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(50);
            context.Abort();
            return;
        }
        await context.Response.Body.WriteAsync(body);
    }
}
