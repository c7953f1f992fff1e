using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Tests.Remote;

/// <summary>What the server does to one request for a path.</summary>
public enum Fault
{
    None,
    Status503,
    Status429,
    ResetMidBody,
    Stall,
    TruncatedGzip,
    IgnoreRange,
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 serving files from a folder, with a script of faults per path (consumed one per
/// request) and an optional seeded failure rate. Honours Range + If-Range against a strong ETag, like a CDN.
/// </summary>
public sealed class FaultServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _root;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _scripts = new(StringComparer.Ordinal);
    private readonly Random _random;
    private readonly object _randomLock = new();
    private int _requests, _rangeRequests;

    private FaultServer(string root, double failureRate, int seed, TimeSpan stall, bool advertiseRanges)
    {
        _root = root;
        _random = new Random(seed);
        FailureRate = failureRate;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(context => ServeAsync(context, stall, advertiseRanges));
    }

    public double FailureRate { get; set; }
    public string BaseUrl { get; private set; } = "";
    public int Requests => Volatile.Read(ref _requests);
    public int RangeRequests => Volatile.Read(ref _rangeRequests);

    public static async Task<FaultServer> StartAsync(string root, double failureRate = 0, int seed = 1, TimeSpan? stall = null, bool advertiseRanges = true)
    {
        var server = new FaultServer(root, failureRate, seed, stall ?? TimeSpan.FromSeconds(3), advertiseRanges);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/";
        return server;
    }

    public void Script(string name, params Fault[] faults) => _scripts[name] = new ConcurrentQueue<Fault>(faults);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Fault NextFault(string name)
    {
        if (_scripts.TryGetValue(name, out var queue) && queue.TryDequeue(out var fault)) return fault;
        if (FailureRate <= 0) return Fault.None;
        lock (_randomLock)
        {
            if (_random.NextDouble() >= FailureRate) return Fault.None;
            return (Fault)(1 + _random.Next(3)); // 503, 429 or a reset mid-body
        }
    }

    private async Task ServeAsync(HttpContext context, TimeSpan stall, bool advertiseRanges)
    {
        Interlocked.Increment(ref _requests);
        string name = context.Request.Path.Value!.TrimStart('/');
        string file = Path.Combine(_root, name);
        if (name.Contains("..") || !File.Exists(file))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var fault = NextFault(name);
        switch (fault)
        {
            case Fault.Status503:
                context.Response.StatusCode = 503;
                return;
            case Fault.Status429:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "0";
                return;
        }

        byte[] bytes = await File.ReadAllBytesAsync(file);
        string etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}\"";
        long from = 0;
        string? range = context.Request.Headers.Range;
        string? ifRange = context.Request.Headers.IfRange;
        if (range is not null && advertiseRanges && fault != Fault.IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && (ifRange is null || ifRange == etag))
        {
            Interlocked.Increment(ref _rangeRequests);
            from = long.Parse(range["bytes=".Length..^1]);
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {from}-{bytes.Length - 1}/{bytes.Length}";
        }
        context.Response.Headers.ETag = etag;
        if (advertiseRanges) context.Response.Headers.AcceptRanges = "bytes";
        var body = bytes.AsMemory((int)from);
        if (fault == Fault.TruncatedGzip) body = body[..(body.Length * 2 / 3)];
        context.Response.ContentLength = body.Length;

        int half = body.Length / 2;
        switch (fault)
        {
            case Fault.ResetMidBody:
                await context.Response.Body.WriteAsync(body[..half]);
                await context.Response.Body.FlushAsync();
                // A reset discards bytes the client has not read yet; let the first half arrive so there is something to resume.
                await Task.Delay(300);
                context.Abort();
                return;
            case Fault.Stall:
                await context.Response.Body.WriteAsync(body[..half]);
                await context.Response.Body.FlushAsync();
                try { await Task.Delay(stall, context.RequestAborted); } catch (OperationCanceledException) { return; }
                context.Abort();
                return;
        }
        await context.Response.Body.WriteAsync(body);
    }
}
