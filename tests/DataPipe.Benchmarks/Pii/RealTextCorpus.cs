using System.IO.Compression;
using System.Text;

namespace DataPipe.Benchmarks.Pii;

/// <summary>
/// Real technical text from this machine: <c>/usr/share/common-licenses</c>, <c>/usr/share/doc</c> (text files and
/// gzipped changelogs) and the English man pages (roff source). It holds versions, URLs, paths, SPDX ids, hashes and
/// section numbers in bulk and almost no personal data, so every PII replacement in it is a likely false positive.
/// Files are split into two halves by a hash of their path: <see cref="Part.Dev"/> for tuning the detectors,
/// <see cref="Part.Holdout"/> for the figures reported in docs/pii.md.
/// </summary>
internal static class RealTextCorpus
{
    public enum Part { Dev, Holdout }

    public sealed record Document(string Path, string Text);

    private static readonly string[] Roots = ["/usr/share/common-licenses", "/usr/share/doc", "/usr/share/man"];

    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".ico", ".svgz", ".pdf", ".zip", ".bz2", ".xz", ".woff", ".woff2", ".ttf",
        ".so", ".a", ".o", ".pyc", ".mo", ".gmo", ".db", ".bin", ".dat", ".jar", ".deb",
    };

    private const int MaxDocumentChars = 256 * 1024;

    /// <summary>Documents of one part in a fixed order (by path hash), until <paramref name="maxBytes"/> of UTF-8.</summary>
    public static List<Document> Load(Part part, long maxBytes)
    {
        var files = new List<(ulong Hash, string Path)>();
        foreach (string root in Roots)
        {
            if (!Directory.Exists(root)) continue;
            foreach (string path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
            {
                if (!Wanted(path)) continue;
                ulong hash = Fnv1a(path);
                if ((Part)((hash >> 40) & 1) == part) files.Add((hash, path));
            }
        }
        files.Sort((a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : string.CompareOrdinal(a.Path, b.Path));
        var docs = new List<Document>();
        long bytes = 0;
        foreach (var (_, path) in files)
        {
            if (bytes >= maxBytes) break;
            string? text = TryRead(path);
            if (text is null) continue;
            docs.Add(new Document(path, text));
            bytes += Encoding.UTF8.GetByteCount(text);
        }
        if (docs.Count == 0) throw new InvalidOperationException("no real text found under " + string.Join(", ", Roots));
        return docs;
    }

    private static bool Wanted(string path)
    {
        // English man pages only (man1…man8), every doc and license file; symlinked duplicates are read once each.
        if (path.StartsWith("/usr/share/man/", StringComparison.Ordinal) && !path.StartsWith("/usr/share/man/man", StringComparison.Ordinal)) return false;
        string ext = Path.GetExtension(path.EndsWith(".gz", StringComparison.Ordinal) ? path[..^3] : path);
        return !BinaryExtensions.Contains(ext) && !BinaryExtensions.Contains(Path.GetExtension(path));
    }

    private static string? TryRead(string path)
    {
        try
        {
            using Stream file = File.OpenRead(path);
            using Stream input = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
            var buffer = new byte[MaxDocumentChars];
            int read = 0, n;
            while (read < buffer.Length && (n = input.Read(buffer, read, buffer.Length - read)) > 0) read += n;
            var bytes = buffer.AsSpan(0, read);
            if (read == 0 || bytes.Contains((byte)0)) return null;
            string text = Encoding.UTF8.GetString(bytes);
            // Text in another encoding (Latin-1 changelogs) decodes with replacement characters: skip those files.
            return text.AsSpan().Count('\uFFFD') > 4 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    private static ulong Fnv1a(string s)
    {
        ulong h = 14695981039346656037;
        foreach (char c in s) h = (h ^ c) * 1099511628211;
        return h;
    }
}
