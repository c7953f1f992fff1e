using System.Collections.Concurrent;
using System.Net;
using DataPipe.Core.Execution;

namespace DataPipe.Core.Input.Remote;

/// <summary>
/// Reads http(s) shards. Each shard is downloaded whole to a local file and verified before the reader sees a byte,
/// so a reader can never mistake a cut-off body for a short shard, and a retry never has to rewind a half-read parse.
/// </summary>
public sealed class HttpShardSource : IShardSource
{
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the resilience pipeline owns every timeout
    };

    private readonly RemoteOptions _options;
    private readonly ShardCache _cache;
    private readonly ShardDownloader _downloader;
    private readonly ConcurrentDictionary<string, HostGuard> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _urlLocks = new(StringComparer.Ordinal);

    public HttpShardSource(RemoteOptions options, HttpClient? client = null)
    {
        _options = options;
        _cache = new ShardCache(options.CacheDirectory);
        _downloader = new ShardDownloader(client ?? SharedClient, options, Stats);
    }

    public DownloadStats Stats { get; } = new();

    public static bool IsRemote(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public bool CanOpen(string path) => IsRemote(path);

    public Stream Open(InputShard shard, CancellationToken cancellation) =>
        OpenAsync(shard.Path, cancellation).GetAwaiter().GetResult();

    public async Task<Stream> OpenAsync(string url, CancellationToken cancellation)
    {
        // One download per URL at a time: two passes over the same shard share the cached copy instead of racing for it.
        var urlLock = _urlLocks.GetOrAdd(url, _ => new SemaphoreSlim(1, 1));
        await urlLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_cache.TryGet(url) is { } cached)
            {
                Stats.CacheHit();
                return OpenRead(cached, deleteOnClose: false);
            }
            string part = _cache.PartPath(url);
            try
            {
                _cache.EnsureFolder();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ShardUnavailableException($"cannot create the download folder for {url}: {e.Message}", e);
            }
            var guard = _hosts.GetOrAdd(new Uri(url).Authority, _ => new HostGuard(_options, Stats));
            string? etag = await _downloader.DownloadAsync(url, part, guard, cancellation).ConfigureAwait(false);
            return _cache.Keeps
                ? OpenRead(_cache.Commit(url, part, etag), deleteOnClose: false)
                : OpenRead(part, deleteOnClose: true);
        }
        finally
        {
            urlLock.Release();
        }
    }

    private static FileStream OpenRead(string path, bool deleteOnClose) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
            FileOptions.SequentialScan | (deleteOnClose ? FileOptions.DeleteOnClose : FileOptions.None));
}
