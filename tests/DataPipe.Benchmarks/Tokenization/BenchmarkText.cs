using System.Text;

namespace DataPipe.Benchmarks.Tokenization;

/// <summary>English-like documents with a Zipfian word distribution (natural text is Zipfian, which is what
/// pre-token caches exploit), plus numbers, punctuation, contractions and some non-ASCII. Deterministic.</summary>
public static class BenchmarkText
{
    public static List<string> Documents(int totalChars, int seed = 1)
    {
        var random = new Random(seed);
        var words = new string[20_000];
        const string letters = "etaoinshrdlcumwfgypbvkjxqz";
        for (int i = 0; i < words.Length; i++)
        {
            int length = 1 + (int)Math.Min(12, -Math.Log(1 - random.NextDouble()) * 4);
            var sb = new StringBuilder(length);
            for (int c = 0; c < length; c++) sb.Append(letters[(int)Math.Min(25, -Math.Log(1 - random.NextDouble()) * 6)]);
            words[i] = i % 50 == 0 ? char.ToUpperInvariant(sb[0]) + sb.ToString(1, sb.Length - 1) : sb.ToString();
        }
        string[] extras = ["don't", "it's", "I'm", "2026", "3.14", "$19.99", "café", "naïve", "東京", "😀", "e-mail", "https://example.org/x"];
        var docs = new List<string>();
        int total = 0;
        while (total < totalChars)
        {
            var doc = new StringBuilder();
            int count = 50 + random.Next(1500);
            for (int w = 0; w < count; w++)
            {
                if (w > 0) doc.Append(random.Next(25) == 0 ? "\n" : " ");
                // Zipf: rank ~ 1/u
                int rank = (int)Math.Min(words.Length - 1, Math.Floor(1 / Math.Pow(random.NextDouble() + 1e-9, 0.9)) - 1);
                doc.Append(random.Next(60) == 0 ? extras[random.Next(extras.Length)] : words[rank]);
                if (random.Next(12) == 0) doc.Append(random.Next(3) == 0 ? "," : ".");
            }
            docs.Add(doc.ToString());
            total += doc.Length;
        }
        return docs;
    }
}
