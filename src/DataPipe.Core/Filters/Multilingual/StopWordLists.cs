using System.Collections.Concurrent;
using System.Text.Json;

namespace DataPipe.Core.Filters.Multilingual;

/// <summary>
/// Stop words per language from the npm package <c>stopwords-iso</c> 1.1.0 (MIT; 58 languages), fetched with the
/// models by <c>make models</c> into <c>models/stopwords-iso.json</c>: one JSON object from ISO 639-1 code to a list
/// of words. A file is read once per process, whatever the number of stages naming it.
/// </summary>
public sealed class StopWordLists
{
    public const string DefaultFile = "models/stopwords-iso.json";

    private static readonly ConcurrentDictionary<string, Lazy<StopWordLists>> Loaded = new(StringComparer.Ordinal);

    private readonly Dictionary<string, StopWordSet> _byLanguage;

    private StopWordLists(Dictionary<string, StopWordSet> byLanguage) => _byLanguage = byLanguage;

    public IReadOnlyCollection<string> Languages => _byLanguage.Keys;

    public StopWordSet? For(string language) => _byLanguage.GetValueOrDefault(language);

    /// <summary>Reads (once) the file at a full path; a malformed file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static StopWordLists Load(string path) =>
        Loaded.GetOrAdd(Path.GetFullPath(path), p => new Lazy<StopWordLists>(() => Read(p))).Value;

    private static StopWordLists Read(string path)
    {
        Dictionary<string, string[]>? lists;
        try
        {
            lists = JsonSerializer.Deserialize<Dictionary<string, string[]>>(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a stop-word file (a JSON object from language code to a list of words): {e.Message}");
        }
        if (lists is null || lists.Count == 0) throw new InvalidDataException($"{path} holds no stop-word lists");
        return new StopWordLists(lists.ToDictionary(p => p.Key, p => new StopWordSet(p.Value), StringComparer.Ordinal));
    }
}
