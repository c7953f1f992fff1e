using DataPipe.Core.Execution;
using DataPipe.Core.Formats;
using DataPipe.Core.Input;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Tokenization.Learning;

/// <summary>
/// The texts a tokenizer is trained on, in a fixed order: files sorted by path; inputs the pipeline can read
/// (JSONL, WET… by extension) give their documents, any other file gives one document per line.
/// Unreadable records are counted in <see cref="Quarantined"/>, never silently lost.
/// </summary>
public sealed class LearningCorpus(IReadOnlyList<string> files) : IQuarantine
{
    public IReadOnlyList<string> Files { get; } = files;

    public long Quarantined { get; private set; }

    /// <summary>Expands file paths, directories and simple globs (<c>dir/*.jsonl.gz</c>) into a sorted file list.</summary>
    public static LearningCorpus FromPatterns(IEnumerable<string> patterns)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string pattern in patterns)
        {
            string full = Path.GetFullPath(pattern);
            if (File.Exists(full)) { files.Add(full); continue; }
            if (Directory.Exists(full))
            {
                foreach (var f in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)) files.Add(f);
                continue;
            }
            string directory = Path.GetDirectoryName(full)!;
            int before = files.Count;
            if (Directory.Exists(directory))
                foreach (var f in Directory.EnumerateFiles(directory, Path.GetFileName(full))) files.Add(f);
            if (files.Count == before) throw new FileNotFoundException($"no input matches '{pattern}'", pattern);
        }
        return new LearningCorpus([.. files]);
    }

    public IEnumerable<string> Texts()
    {
        for (int i = 0; i < Files.Count; i++)
        {
            string path = Files[i];
            string? format = InputResolver.DetectFormat(path);
            using var raw = File.OpenRead(path);
            if (format is null)
            {
                using var stream = Compression.OpenDecompressed(raw, path);
                using var reader = new StreamReader(stream);
                while (reader.ReadLine() is { } line)
                    if (line.Length > 0) yield return line;
                continue;
            }
            // The pipeline's readers take the file's own bytes and decompress by its name (gzip WARC member by member).
            var shard = new InputShard { Index = i, Path = path, Format = format, Name = Path.GetFileName(path) };
            var context = new ReaderContext { Shard = shard, Counters = new Counters(), Quarantine = this };
            foreach (var document in ReaderCatalog.Create(format).Read(raw, context)) yield return document.Text;
        }
    }

    void IQuarantine.Add(string file, long offset, string error, ReadOnlySpan<byte> sample)
    {
        Quarantined++;
        Console.Error.WriteLine($"warning: {file} at byte {offset}: {error} (record skipped)");
    }
}
