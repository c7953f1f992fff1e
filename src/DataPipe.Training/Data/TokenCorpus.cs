using DataPipe.Core.Formats.TokenShards;

namespace DataPipe.Training.Data;

/// <summary>
/// The tokens folder opened for training: the manifest, the memory-mapped shards, and the split into a
/// training stream and a validation stream made of whole shards (the last ones), so no document is in both.
/// </summary>
public sealed class TokenCorpus : IDisposable
{
    private readonly List<TokenShard> _shards;

    public TokenManifest Manifest { get; }
    public TokenStream Train { get; }
    public TokenStream Validation { get; }

    private TokenCorpus(TokenManifest manifest, List<TokenShard> shards, int validationShards)
    {
        Manifest = manifest;
        _shards = shards;
        Train = new TokenStream(shards[..^validationShards]);
        Validation = new TokenStream(shards[^validationShards..]);
    }

    /// <summary>
    /// Opens <paramref name="tokensDirectory"/>; <paramref name="validationShards"/> shards are held out, or none
    /// when the corpus has a single shard (it is then all training data).
    /// </summary>
    public static TokenCorpus Open(string tokensDirectory, int validationShards)
    {
        var manifest = TokenManifestLoader.Load(tokensDirectory);
        var folder = Directory.Exists(tokensDirectory) ? tokensDirectory : Path.GetDirectoryName(Path.GetFullPath(tokensDirectory))!;
        var shards = new List<TokenShard>(manifest.Shards.Count);
        try
        {
            foreach (var entry in manifest.Shards)
            {
                if (entry.File.Contains('/') || entry.File.Contains('\\') || entry.File.Contains(".."))
                    throw new TrainingDataException($"{folder}: shard name '{entry.File}' must be a plain file name");
                shards.Add(TokenShard.Open(Path.Combine(folder, entry.File), manifest, entry));
            }
        }
        catch
        {
            foreach (var shard in shards) shard.Dispose();
            throw;
        }
        var held = shards.Count > 1 ? Math.Clamp(validationShards, 0, shards.Count - 1) : 0;
        return new TokenCorpus(manifest, shards, held);
    }

    public void Dispose()
    {
        foreach (var shard in _shards) shard.Dispose();
    }
}
