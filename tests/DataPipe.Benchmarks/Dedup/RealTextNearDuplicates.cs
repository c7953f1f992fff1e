using System.IO.Compression;
using System.Text;

namespace DataPipe.Benchmarks.Dedup;

/// <summary>
/// A real-text near-duplicate set from this machine's own text (<c>/usr/share/common-licenses</c>, the changelogs,
/// READMEs and copyright files of <c>/usr/share/doc</c>, man pages): each source document once, and for a seeded share
/// of them 1–3 copies with seeded edits (word insertions, deletions, substitutions, an added header or footer,
/// reordered paragraphs). Truth is exact: word-5-gram Jaccard (lower-cased, whitespace-split; a text under 5 words
/// is one shingle of all of it) of every pair at or above 0.5, found through an inverted shingle index.
/// </summary>
public sealed class RealTextNearDuplicates
{
    public required List<(string Id, string Text)> Documents { get; init; }

    /// <summary>Every pair (i &lt; j, by position) with exact Jaccard ≥ 0.5.</summary>
    public required List<(int A, int B, double Jaccard)> Pairs { get; init; }

    public static RealTextNearDuplicates Build(int sources, int seed)
    {
        var texts = Sources().Distinct().Take(sources).ToList();
        var random = new Random(seed);
        var docs = new List<(string, string)>();
        for (int s = 0; s < texts.Count; s++)
        {
            docs.Add(($"src{s}", texts[s]));
            if (random.Next(100) < 40)
                for (int c = random.Next(1, 4); c > 0; c--) docs.Add(($"src{s}-copy{c}", Edit(random, texts[s])));
        }
        // Shuffled: a copy may come before its source.
        docs = docs.OrderBy(_ => random.Next()).ToList();
        return new RealTextNearDuplicates { Documents = docs, Pairs = TruePairs(docs.Select(d => d.Item2).ToList()) };
    }

    private static IEnumerable<string> Sources()
    {
        var files = new List<string>();
        foreach (var root in new[] { "/usr/share/common-licenses", "/usr/share/doc", "/usr/share/man/man1", "/usr/share/man/man5", "/usr/share/man/man8" })
            if (Directory.Exists(root))
                files.AddRange(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            // Copyright files are mostly the same license boilerplate: near-duplicates of each other by the hundred.
            if (Path.GetFileName(file) == "copyright") continue;
            string? text = Read(file);
            if (text is null) continue;
            // Long files are cut into documents of at most 12 KB at paragraph breaks, as pages of a crawl would be.
            foreach (var part in Split(text, 12_000))
                if (part.Trim().Length >= 1) yield return part;
        }
    }

    private static string? Read(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length == 0 || info.Length > 400_000 || (info.Attributes & FileAttributes.ReparsePoint) != 0) return null;
            using var stream = File.OpenRead(file);
            using var input = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
            using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true));
            string text = reader.ReadToEnd();
            return text.Contains('\0') ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Split(string text, int max)
    {
        var paragraphs = text.Split("\n\n");
        var sb = new StringBuilder();
        foreach (var p in paragraphs)
        {
            if (sb.Length > 0 && sb.Length + p.Length > max) { yield return sb.ToString(); sb.Clear(); }
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append(p.Length > max ? p[..max] : p);
        }
        if (sb.Length > 0) yield return sb.ToString();
    }

    private static readonly string[] Headers = ["Posted by admin", "Home | About | Contact", "Share this page", "Copyright (c) 2024 Example Corp. All rights reserved.", "Skip to main content"];

    private static string Edit(Random random, string text)
    {
        var paragraphs = text.Split("\n\n").ToList();
        if (paragraphs.Count > 2 && random.Next(4) == 0)
        {
            int i = random.Next(paragraphs.Count), j = random.Next(paragraphs.Count);
            (paragraphs[i], paragraphs[j]) = (paragraphs[j], paragraphs[i]);
        }
        var words = string.Join("\n\n", paragraphs).Split(' ').ToList();
        int edits = Math.Max(1, (int)(words.Count * random.NextDouble() * 0.06));
        for (int e = 0; e < edits && words.Count > 0; e++)
        {
            int at = random.Next(words.Count);
            switch (random.Next(3))
            {
                case 0: words.Insert(at, words[random.Next(words.Count)]); break;
                case 1: words.RemoveAt(at); break;
                default: words[at] = words[random.Next(words.Count)]; break;
            }
        }
        string edited = string.Join(' ', words);
        if (random.Next(3) == 0) edited = Headers[random.Next(Headers.Length)] + "\n" + edited;
        if (random.Next(3) == 0) edited += "\n" + Headers[random.Next(Headers.Length)];
        return edited;
    }

    public static HashSet<string> Shingles(string text)
    {
        var words = text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return [];
        if (words.Length < 5) return [string.Join(' ', words)];
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + 5 <= words.Length; i++) set.Add(string.Join(' ', words, i, 5));
        return set;
    }

    private static List<(int, int, double)> TruePairs(List<string> texts)
    {
        var sets = texts.Select(Shingles).ToList();
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int d = 0; d < sets.Count; d++)
            foreach (var s in sets[d])
            {
                if (!postings.TryGetValue(s, out var list)) postings[s] = list = [];
                list.Add(d);
            }
        var shared = new Dictionary<(int, int), int>();
        foreach (var list in postings.Values)
            for (int i = 0; i < list.Count; i++)
                for (int j = i + 1; j < list.Count; j++)
                {
                    var key = (list[i], list[j]);
                    shared[key] = shared.GetValueOrDefault(key) + 1;
                }
        var pairs = new List<(int, int, double)>();
        foreach (var ((a, b), both) in shared)
        {
            double j = (double)both / (sets[a].Count + sets[b].Count - both);
            if (j >= 0.5) pairs.Add((a, b, j));
        }
        pairs.Sort();
        return pairs;
    }
}
