using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DataPipe.Core.Tests.Filters.Spacy;

/// <summary>
/// datatrove's own output for the sample corpus (<c>../shared/data/datatrove-oracle/</c>, README there): per document
/// the word spans its Gopher filters see, C4's sentence count per kept line, and each filter's decision and reason.
/// It is a development oracle outside the repository, so the tests that read it skip, saying why, when it is absent.
/// </summary>
public static class DatatroveOracle
{
    public static string FilePath { get; } =
        Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, "..", "shared", "data", "datatrove-oracle", "datatrove-oracle.jsonl.gz"));

    public static bool Available => File.Exists(FilePath) && File.Exists(Path.Combine(TestPaths.RepoRoot, "sample-data", "shards", ".complete"));

    public const string SkipReason =
        "the datatrove oracle (../shared/data/datatrove-oracle/datatrove-oracle.jsonl.gz) or the sample corpus (make sample) is absent";

    public sealed record Decision(bool Keep, string? Reason);

    public sealed record Document(
        string Id,
        int[] WordsDelta,
        int[] Sentences,
        string LineFates,
        IReadOnlyDictionary<string, Decision> Filters)
    {
        /// <summary>The words as (start, length) in UTF-16 units of <paramref name="text"/> (the oracle counts code points).</summary>
        public List<(int Start, int Length)> WordSpans(string text)
        {
            var utf16 = new List<int>(text.Length + 1);
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])) continue;
                utf16.Add(i);
            }
            utf16.Add(text.Length);
            var spans = new List<(int, int)>(WordsDelta.Length / 2);
            int p = 0;
            for (int k = 0; k + 1 < WordsDelta.Length; k += 2)
            {
                int s = p + WordsDelta[k], e = s + WordsDelta[k + 1];
                spans.Add((utf16[s], utf16[e] - utf16[s]));
                p = e;
            }
            return spans;
        }
    }

    /// <summary>The documents in corpus order, parsed as they are read (the file is 94 MB uncompressed).</summary>
    public static IEnumerable<Document> Read()
    {
        using var file = File.OpenRead(FilePath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var filters = new Dictionary<string, Decision>(StringComparer.Ordinal);
            foreach (var f in root.GetProperty("filters").EnumerateObject())
            {
                var reason = f.Value.GetProperty("reason");
                filters[f.Name] = new Decision(f.Value.GetProperty("keep").GetBoolean(), reason.ValueKind == JsonValueKind.Null ? null : reason.GetString());
            }
            yield return new Document(
                root.GetProperty("id").GetString()!,
                [.. root.GetProperty("words_delta").EnumerateArray().Select(e => e.GetInt32())],
                [.. root.GetProperty("sentences").EnumerateArray().Select(e => e.GetInt32())],
                root.GetProperty("stats").GetProperty("c4_default").GetProperty("line_fates").GetString()!,
                filters);
        }
    }
}

/// <summary>A fact that needs the datatrove oracle and the sample corpus; skipped with the reason when they are absent.</summary>
public sealed class OracleFactAttribute : FactAttribute
{
    public OracleFactAttribute()
    {
        if (!DatatroveOracle.Available) Skip = DatatroveOracle.SkipReason;
    }
}
