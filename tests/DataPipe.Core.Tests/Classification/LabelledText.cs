using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DataPipe.Core.Tests.Classification;

/// <summary>
/// Labelled real text gathered at test time, for training classifiers: Debian's package copyright files
/// (<c>lic</c>) against their changelogs (<c>log</c>) from /usr/share/doc, and the multilingual corpus (label = its
/// language). Fixed order, so a split by index is the same on every run.
/// </summary>
public static class LabelledText
{
    public sealed record Doc(string Label, string Text);

    public static IReadOnlyList<Doc> DocsVersusChangelogs(int perLabel, int chunk = 1200)
    {
        var lic = Chunks(Directory.EnumerateFiles("/usr/share/doc", "copyright", SearchOption.AllDirectories), File.ReadAllText, chunk).Take(perLabel);
        var log = Chunks(Directory.EnumerateFiles("/usr/share/doc", "changelog*.gz", SearchOption.AllDirectories), Gunzip, chunk).Take(perLabel);
        return Interleave(lic.Select(t => new Doc("lic", t)).ToList(), log.Select(t => new Doc("log", t)).ToList());
    }

    public static IReadOnlyList<Doc> Languages(int perSource) =>
        MultilingualCorpus.Collect(perSource).Select(d => new Doc(d.Language, d.Text)).ToList();

    public static void WriteJsonl(string path, IEnumerable<Doc> docs) =>
        File.WriteAllLines(path, docs.Select(d => JsonSerializer.Serialize(new { text = d.Text, label = d.Label })), new UTF8Encoding(false));

    /// <summary>The same documents as the fastText CLI reads them: <c>__label__x text</c>, one per line.</summary>
    public static void WriteFastText(string path, IEnumerable<Doc> docs) =>
        File.WriteAllLines(path, docs.Select(d => $"__label__{d.Label} {OneLine(d.Text)}"), new UTF8Encoding(false));

    public static string OneLine(string text) => text.Replace('\n', ' ');

    private static string Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static IEnumerable<string> Chunks(IEnumerable<string> files, Func<string, string> read, int size)
    {
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            string text;
            try { text = read(file); }
            catch (IOException) { continue; }
            catch (InvalidDataException) { continue; }
            // At most three chunks a file, so one long file does not make up the class.
            for (int i = 0, n = 0; i + 200 < text.Length && n < 3; i += size, n++) yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    private static List<Doc> Interleave(List<Doc> a, List<Doc> b)
    {
        var all = new List<Doc>(a.Count + b.Count);
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i < a.Count) all.Add(a[i]);
            if (i < b.Count) all.Add(b[i]);
        }
        return all;
    }
}

/// <summary>A fact that needs Debian's fastText CLI (not the lid model); skipped, saying so, without it.</summary>
public sealed class FastTextCliFactAttribute : FactAttribute
{
    public FastTextCliFactAttribute()
    {
        if (!File.Exists(FastTextCli.Executable)) Skip = "Debian's fastText CLI is missing (`apt-get install fasttext`; .ci/run installs it)";
    }
}

/// <summary>The theory form of <see cref="FastTextCliFactAttribute"/>.</summary>
public sealed class FastTextCliTheoryAttribute : TheoryAttribute
{
    public FastTextCliTheoryAttribute()
    {
        if (!File.Exists(FastTextCli.Executable)) Skip = "Debian's fastText CLI is missing (`apt-get install fasttext`; .ci/run installs it)";
    }
}
