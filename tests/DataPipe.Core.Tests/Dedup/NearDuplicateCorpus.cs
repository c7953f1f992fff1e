using System.Text;
using System.Text.Json;

namespace DataPipe.Core.Tests.Dedup;

/// <summary>Deterministic documents of pseudo-words and edited copies of them (words replaced at random spots).</summary>
public static class NearDuplicateCorpus
{
    public static string[] Words(Random random, int count)
    {
        var words = new string[count];
        for (int i = 0; i < count; i++) words[i] = "w" + Letters(random.Next(200_000));
        return words;
    }

    /// <summary>Letters only: dedup normalization turns every digit run into 0.</summary>
    private static string Letters(int n)
    {
        var sb = new StringBuilder();
        do { sb.Append((char)('a' + n % 26)); n /= 26; } while (n > 0);
        return sb.ToString();
    }

    public static string[] Edit(Random random, string[] words, int replacements)
    {
        var copy = (string[])words.Clone();
        for (int i = 0; i < replacements; i++) copy[random.Next(copy.Length)] = "x" + Letters(random.Next(200_000));
        return copy;
    }

    /// <summary>Exact Jaccard of the two word lists' n-gram sets.</summary>
    public static double Jaccard(string[] x, string[] y, int n = 5)
    {
        static HashSet<string> Grams(string[] w, int n) => Enumerable.Range(0, Math.Max(0, w.Length - n + 1)).Select(i => string.Join(' ', w, i, n)).ToHashSet();
        var a = Grams(x, n);
        var b = Grams(y, n);
        int both = a.Count(b.Contains);
        return (double)both / (a.Count + b.Count - both);
    }

    public static void WriteJsonl(string path, IEnumerable<(string Id, string Text)> docs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sb = new StringBuilder();
        foreach (var (id, text) in docs) sb.Append(JsonSerializer.Serialize(new { id, text })).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }
}
