using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace DataPipe.Core.Tests.Classification;

/// <summary>
/// Real multilingual text this machine already has, gathered at test time: Debian's package descriptions in
/// other languages (apt's <c>Translation-*</c> indexes; .ci/setup.d/fasttext.sh fetches them) and the localized
/// man pages under /usr/share/man/&lt;lang&gt;. Each document is one line (newlines become spaces), in a fixed order.
/// </summary>
public static partial class MultilingualCorpus
{
    public sealed record Doc(string Source, string Language, string Text);

    public static IReadOnlyList<Doc> Collect(int perSource, int minChars = 20)
    {
        var docs = new List<Doc>();
        foreach (string file in TranslationFiles())
        {
            string lang = LanguageOf(file);
            int taken = 0;
            foreach (string text in Descriptions(file))
            {
                if (taken >= perSource) break;
                if (text.Length < minChars) continue;
                docs.Add(new Doc(Path.GetFileName(file), lang, text));
                taken++;
            }
        }
        foreach (string dir in ManLanguageDirs())
        {
            string lang = Path.GetFileName(dir);
            int taken = 0;
            foreach (string page in Directory.EnumerateFiles(dir, "*.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (taken >= perSource) break;
                foreach (string chunk in Chunks(ManText(page), 1500))
                {
                    if (taken >= perSource) break;
                    if (chunk.Length < minChars) continue;
                    docs.Add(new Doc(Path.GetFileName(page), lang, chunk));
                    taken++;
                }
            }
        }
        return docs;
    }

    /// <summary>apt's lists, or the copy .ci/setup.d/fasttext.sh keeps in models/.cache (a later plain
    /// <c>apt-get update</c> deletes the lists' translations); one file per name.</summary>
    public static IEnumerable<string> TranslationFiles()
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string dir in new[] { Path.Combine(TestPaths.RepoRoot, "models", ".cache", "apt-translations"), "/var/lib/apt/lists" })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (string f in Directory.EnumerateFiles(dir, "*_i18n_Translation-*"))
                if (!f.EndsWith(".diff", StringComparison.Ordinal)) byName[Path.GetFileName(f)] = f;
        }
        return byName.Values;
    }

    private static IEnumerable<string> ManLanguageDirs() =>
        Directory.Exists("/usr/share/man")
            ? Directory.EnumerateDirectories("/usr/share/man").Where(d => !Path.GetFileName(d).StartsWith("man", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [];

    private static string LanguageOf(string file)
    {
        string name = Path.GetFileName(file);
        string lang = name[(name.LastIndexOf("Translation-", StringComparison.Ordinal) + "Translation-".Length)..];
        int dot = lang.IndexOf('.');
        return (dot < 0 ? lang : lang[..dot]).Replace("%5f", "_", StringComparison.Ordinal);
    }

    /// <summary>Each package's translated description (short and long joined), decompressed by apt's own helper.</summary>
    public static IEnumerable<string> Descriptions(string file)
    {
        var psi = new ProcessStartInfo("/usr/lib/apt/apt-helper", ["cat-file", file])
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("apt-helper did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            foreach (string description in Paragraphs(process.StandardOutput)) yield return description;
        }
        finally
        {
            // The caller may stop early: end the helper instead of letting it write into a closed pipe.
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
        }
    }

    private static IEnumerable<string> Paragraphs(StreamReader reader)
    {
        var text = new StringBuilder();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.StartsWith("Description-", StringComparison.Ordinal))
            {
                if (text.Length > 0) yield return text.ToString();
                text.Clear();
                text.Append(line.AsSpan(line.IndexOf(':') + 1).Trim());
            }
            else if (line.StartsWith(' ') && text.Length > 0)
            {
                string body = line.Trim();
                if (body != ".") text.Append(' ').Append(body);
            }
            else if (line.Length == 0 && text.Length > 0)
            {
                yield return text.ToString();
                text.Clear();
            }
        }
        if (text.Length > 0) yield return text.ToString();
    }

    /// <summary>A man page's prose: troff requests dropped, font escapes removed; crude, but real text of its language.</summary>
    private static string ManText(string page)
    {
        using var gz = new GZipStream(File.OpenRead(page), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var text = new StringBuilder();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.StartsWith('.') || line.StartsWith('\'')) continue;
            text.Append(Escapes().Replace(line, " ")).Append(' ');
        }
        return Spaces().Replace(text.ToString(), " ").Trim();
    }

    private static IEnumerable<string> Chunks(string text, int size)
    {
        for (int i = 0; i < text.Length; i += size)
        {
            int end = Math.Min(text.Length, i + size);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1])) end--;
            yield return text[i..end];
            i = end - size;
        }
    }

    [GeneratedRegex(@"\\(f[BIRP]|\(..|\*.|[-&e ])")]
    private static partial Regex Escapes();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
