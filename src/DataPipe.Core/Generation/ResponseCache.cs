using System.Text.Json;
using DataPipe.Core.IO;

namespace DataPipe.Core.Generation;

/// <summary>
/// Answers on disk, one file per request (<c>&lt;key[0..2]&gt;/&lt;key&gt;.json</c>), written atomically, so a killed
/// or rerun build asks the server only for what it has not got, and gets back exactly the bytes it got before.
/// </summary>
public sealed class ResponseCache(string directory)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Directory { get; } = Path.GetFullPath(directory);

    public GenerationResponse? TryGet(string key)
    {
        string path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<GenerationResponse>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            // Only a hand-edited file can be damaged (writes are atomic): ask the server again and overwrite it.
            return null;
        }
    }

    public void Put(string key, GenerationResponse response) => AtomicFile.WriteAllText(PathOf(key), JsonSerializer.Serialize(response, Json));

    private string PathOf(string key) => Path.Combine(Directory, key[..2], key + ".json");
}
