namespace DataPipe.Core.Input.Remote;

/// <summary>How the input resolver tells and names remote shards.</summary>
public static class RemoteShards
{
    public static bool IsRemote(string path) => HttpShardSource.IsRemote(path);

    /// <summary>The last path segment, decoded (query and fragment dropped).</summary>
    public static string Name(string url) => Uri.UnescapeDataString(Path.GetFileName(new Uri(url).AbsolutePath));
}
