using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>Deterministic JSONL shards for runtime tests (content depends only on the seed).</summary>
public static class CorpusFiles
{
    private static readonly string[] Words =
        "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no will more what out up into can".Split(' ');

    public static string Text(Random random, int words)
    {
        var sb = new StringBuilder(words * 6);
        for (int i = 0; i < words; i++)
        {
            if (i > 0) sb.Append(i % 17 == 0 ? "\n" : " ");
            sb.Append(Words[random.Next(Words.Length)]);
        }
        return sb.ToString();
    }

    /// <summary>Writes <paramref name="shards"/> gzip JSONL files of <paramref name="docsPerShard"/> documents each.</summary>
    public static IReadOnlyList<string> WriteJsonlShards(string directory, int shards, int docsPerShard, int wordsPerDoc = 200, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var paths = new List<string>();
        for (int s = 0; s < shards; s++)
        {
            string path = Path.Combine(directory, $"part-{s:D3}.jsonl.gz");
            using (var file = File.Create(path))
            using (var gz = new GZipStream(file, CompressionLevel.Fastest))
            using (var writer = new StreamWriter(gz, new UTF8Encoding(false)))
            {
                for (int d = 0; d < docsPerShard; d++)
                {
                    writer.Write(JsonSerializer.Serialize(new { id = $"s{s}-d{d}", url = $"https://example.org/{s}/{d}", text = Text(random, wordsPerDoc + random.Next(wordsPerDoc)) }));
                    writer.Write('\n');
                }
            }
            paths.Add(path);
        }
        return paths;
    }

    public static string WritePipeline(string directory, string inputGlob, string outDir, string stagesYaml = "  - type: write_documents\n", string extra = "")
    {
        string path = Path.Combine(directory, "pipeline.yaml");
        File.WriteAllText(path, $"name: test\ninputs:\n  - path: {inputGlob}\nout: {outDir}\n{extra}stages:\n{stagesYaml}");
        return path;
    }

    /// <summary>Relative path → SHA-256 of every file under <paramref name="directory"/>.</summary>
    public static SortedDictionary<string, string> Hashes(string directory)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(directory)) return result;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(directory, file)] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        return result;
    }

    public static List<string> ReadJsonlGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }
}
