using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>
/// Input files for split-input tests: a JSONL file whose lines say their own index, with blank lines, a bad line,
/// records without ids, CR LF ends and repeated texts (for dedup); a Parquet file of several row groups with empty ids
/// and null texts.
/// </summary>
public static class SplitCorpus
{
    /// <summary>Writes the JSONL file; a good line's text starts with <c>line N</c>, N its 0-based index in the file, but
    /// for the repeated text, whose id <c>jN</c> says it.</summary>
    public static void WriteJsonl(string path, int lines, int seed, int longLineBytes = 0)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            bool longLine = longLineBytes > 0 && i == lines / 2;
            int kind = longLine ? 10 : random.Next(20);
            string text = kind switch
            {
                3 => "a repeated text that exact dedup drops after its first copy",
                7 => NearDuplicate(random),
                _ => $"line {i} " + CorpusFiles.Text(random, 20 + random.Next(120)),
            };
            if (longLine) text += " " + new string('x', longLineBytes);
            sb.Append(kind switch
            {
                0 => "",                                     // blank
                1 => "   \t",                                // blank with spaces
                2 => "{\"text\": not json at all",           // quarantined
                4 or 5 => JsonSerializer.Serialize(new { text, url = $"https://example.org/{i}" }), // id generated
                _ => JsonSerializer.Serialize(new { id = $"j{i}", text }),
            });
            sb.Append(kind == 6 ? "\r\n" : "\n");
        }
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    private static readonly string[] NearDuplicateWords = CorpusFiles.Text(new Random(99), 150).Split(' ', '\n');

    /// <summary>One text with one word changed: fuzzy dedup keeps its first copy.</summary>
    private static string NearDuplicate(Random random)
    {
        var words = (string[])NearDuplicateWords.Clone();
        words[random.Next(words.Length)] = "changed";
        return string.Join(' ', words);
    }

    /// <summary>Writes <paramref name="groups"/> row groups of <paramref name="rowsPerGroup"/> rows.</summary>
    public static void WriteParquet(string path, int groups, int rowsPerGroup, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        var id = new DataField<string>("id");
        var text = new DataField<string>("text");
        using var file = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(id, text), file).GetAwaiter().GetResult();
        try
        {
            for (int g = 0; g < groups; g++)
            {
                var ids = new string[rowsPerGroup];
                var texts = new string?[rowsPerGroup];
                for (int r = 0; r < rowsPerGroup; r++)
                {
                    int row = g * rowsPerGroup + r;
                    ids[r] = row % 5 == 0 ? "" : $"p{row}";
                    texts[r] = row % 11 == 7 ? null : $"row {row} " + CorpusFiles.Text(random, 30 + random.Next(60));
                }
                using var group = writer.CreateRowGroup();
                group.WriteAsync(id, ids).GetAwaiter().GetResult();
                group.WriteAsync(text, texts!).GetAwaiter().GetResult();
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
