using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataPipe.Core.IO;

namespace DataPipe.Core.Input.Remote;

/// <summary>
/// Where downloads land. With a cache folder, a verified shard stays there keyed by its URL (plus a sidecar with
/// its size and ETag) and a rerun reads it without the network; without one, each read gets a temp file deleted on close.
/// </summary>
public sealed class ShardCache(string? directory)
{
    private readonly string _folder = directory ?? Path.Combine(Path.GetTempPath(), "datapipe-downloads");

    public bool Keeps => directory is not null;

    public static string Key(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..32];

    public string EntryPath(string url) => Path.Combine(_folder, Key(url) + Suffix(url));

    /// <summary>A partial download: stable per URL with a cache (so a crashed build resumes it), unique without.</summary>
    public string PartPath(string url) =>
        Keeps ? EntryPath(url) + ".part" : Path.Combine(_folder, $"{Key(url)}-{Guid.NewGuid():N}{Suffix(url)}.part");

    public void EnsureFolder() => Directory.CreateDirectory(_folder);

    /// <summary>The cached file when it is there and its size matches what was recorded when it was verified.</summary>
    public string? TryGet(string url)
    {
        if (!Keeps) return null;
        string entry = EntryPath(url);
        string meta = entry + ".json";
        if (!File.Exists(entry) || !File.Exists(meta)) return null;
        try
        {
            var recorded = JsonSerializer.Deserialize<CacheEntry>(File.ReadAllText(meta));
            return recorded is not null && recorded.Url == url && recorded.Bytes == new FileInfo(entry).Length ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Moves a verified download into the cache: the sidecar is written last, so an entry without one is never trusted.</summary>
    public string Commit(string url, string part, string? etag)
    {
        string entry = EntryPath(url);
        long bytes = new FileInfo(part).Length;
        File.Move(part, entry, overwrite: true);
        AtomicFile.WriteAllText(entry + ".json", JsonSerializer.Serialize(new CacheEntry(url, bytes, etag)));
        return entry;
    }

    private static string Suffix(string url)
    {
        string name = Path.GetFileName(new Uri(url).AbsolutePath);
        int dot = name.IndexOf('.');
        return dot < 0 ? "" : name[dot..];
    }

    private sealed record CacheEntry(string Url, long Bytes, string? ETag);
}
