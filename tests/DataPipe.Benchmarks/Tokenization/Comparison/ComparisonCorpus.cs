using System.Text;
using System.Text.Json;
using DataPipe.Core.Tokenization.Learning;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>
/// The texts of the comparison, cut from the sample corpus's distinct documents after a seeded shuffle:
/// a held-out set (no text of it is in the training text), ~N MB of training text from the rest — repeated in
/// reshuffled passes when the rest is smaller than N, which the sample corpus is — and the documents the cl100k
/// encoders race on (the first of the rest).
/// </summary>
internal sealed class ComparisonCorpus
{
    private const int Seed = 5;

    public required string Source { get; init; }
    public required int SourceDocuments { get; init; }
    public required int DistinctDocuments { get; init; }
    public required long Quarantined { get; init; }

    /// <summary>One document after another, each followed by a newline; both trainers read it line by line.</summary>
    public required string TrainTextPath { get; init; }
    public required long TrainBytes { get; init; }
    public required int TrainDocuments { get; init; }
    public required long PoolBytes { get; init; }
    public required int PoolDocuments { get; init; }

    public required IReadOnlyList<string> HeldOut { get; init; }
    public required long HeldOutBytes { get; init; }

    /// <summary>The held-out documents as JSON strings, one a line (what the node scripts read).</summary>
    public required string HeldOutPath { get; init; }

    public required IReadOnlyList<string> EncodeDocuments { get; init; }
    public required long EncodeBytes { get; init; }
    public required string EncodeDocumentsPath { get; init; }

    /// <summary>How many times the training text goes through the pool (1.6 means every document once, 60 % twice).</summary>
    public double Repeats => (double)TrainBytes / PoolBytes;

    public static ComparisonCorpus Build(ComparisonOptions options)
    {
        Directory.CreateDirectory(options.WorkDirectory);
        var input = LearningCorpus.FromPatterns([options.SampleGlob]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>();
        int read = 0;
        foreach (string text in input.Texts())
        {
            read++;
            if (text.Length > 0 && seen.Add(text)) distinct.Add(text);
        }
        seen.Clear();
        Shuffle(distinct, new Random(Seed));

        int cut = PrefixReaching(distinct, options.HeldOutBytes, out long heldOutBytes);
        var heldOut = distinct[..cut];
        var pool = distinct[cut..];
        long poolBytes = pool.Sum(Utf8Bytes);
        if (pool.Count == 0) throw new InvalidDataException($"{options.SampleGlob}: nothing left to train on after the held-out set");
        int encodeCount = PrefixReaching(pool, options.EncodeBytes, out long encodeBytes);

        string trainPath = Path.Combine(options.WorkDirectory, "train.txt");
        var (trainBytes, trainDocs) = WriteTrainingText(trainPath, pool, options.TrainBytes);
        string heldOutPath = WriteJsonLines(Path.Combine(options.WorkDirectory, "heldout.jsonl"), heldOut);
        var encodeDocs = pool[..encodeCount];
        string encodePath = WriteJsonLines(Path.Combine(options.WorkDirectory, "encode.jsonl"), encodeDocs);

        return new ComparisonCorpus
        {
            Source = options.SampleGlob, SourceDocuments = read, DistinctDocuments = distinct.Count, Quarantined = input.Quarantined,
            TrainTextPath = trainPath, TrainBytes = trainBytes, TrainDocuments = trainDocs, PoolBytes = poolBytes, PoolDocuments = pool.Count,
            HeldOut = heldOut, HeldOutBytes = heldOutBytes, HeldOutPath = heldOutPath,
            EncodeDocuments = encodeDocs, EncodeBytes = encodeBytes, EncodeDocumentsPath = encodePath,
        };
    }

    /// <summary>Passes over the pool, each in its own seeded order, until <paramref name="target"/> bytes are written.
    /// Carriage returns become newlines: .NET's line reader splits on them and HF's does not.</summary>
    private static (long Bytes, int Documents) WriteTrainingText(string path, List<string> pool, long target)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        long written = 0;
        int documents = 0;
        for (int pass = 0; written < target; pass++)
        {
            var order = new List<string>(pool);
            Shuffle(order, new Random(Seed + 1 + pass));
            foreach (string text in order)
            {
                string line = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
                writer.Write(line);
                writer.Write('\n');
                written += Utf8Bytes(line) + 1;
                documents++;
                if (written >= target) break;
            }
        }
        return (written, documents);
    }

    private static string WriteJsonLines(string path, IEnumerable<string> texts)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        foreach (string text in texts) writer.Write(JsonSerializer.Serialize(text) + "\n");
        return path;
    }

    /// <summary>How many leading texts it takes for their UTF-8 size to reach <paramref name="target"/> (all, if they never do).</summary>
    private static int PrefixReaching(List<string> texts, long target, out long bytes)
    {
        bytes = 0;
        int count = 0;
        while (count < texts.Count && bytes < target) bytes += Utf8Bytes(texts[count++]);
        return count;
    }

    private static void Shuffle(List<string> items, Random random)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static long Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
