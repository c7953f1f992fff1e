namespace DataPipe.Core.Tokenization.PreTokenizers;

/// <summary>The split patterns of the standard encodings, in the .NET form (atomic groups for possessive quantifiers)
/// that Microsoft.ML.Tokenizers itself uses, so our splits equal theirs.</summary>
public static class PreTokenizerPatterns
{
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public const string Cl100k =
        @"'(?i:[sdmt]|ll|ve|re)|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)|(?>\p{N}{1,3})| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)|(?>\s+)$|\s*[\r\n]|\s+(?!\S)|\s";

    public const string O200k =
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Like GPT-2 but every digit is its own pre-token (Llama-style), so numbers never merge.</summary>
    public const string Gpt2SingleDigits = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public const string Cl100kSingleDigits =
        @"'(?i:[sdmt]|ll|ve|re)|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)|\p{N}| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)|(?>\s+)$|\s*[\r\n]|\s+(?!\S)|\s";

    public static string For(string name, bool splitDigits) => (name, splitDigits) switch
    {
        ("gpt2", false) => Gpt2,
        ("gpt2", true) => Gpt2SingleDigits,
        ("cl100k", false) => Cl100k,
        ("cl100k", true) => Cl100kSingleDigits,
        _ => throw new ArgumentException($"unknown pre-tokenizer pattern '{name}' (expected gpt2 or cl100k)", nameof(name)),
    };
}
