using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataPipe.Core.IO;
using Microsoft.ML.Tokenizers;

namespace DataPipe.Core.Tokenization;

/// <summary>
/// Reads and writes the two standard files of a byte-level BPE: Hugging Face <c>tokenizer.json</c> (BPE model,
/// byte-level pre-tokenizer and decoder, special tokens) and a tiktoken ranks file (<c>base64(bytes) rank</c> per line).
/// </summary>
public static class TokenizerFiles
{
    public const string TokenizerJson = "tokenizer.json";
    public const string RanksFile = "tokenizer.tiktoken";

    public static void WriteTokenizerJson(BpeVocabulary vocabulary, string path) =>
        AtomicFile.WriteAllText(path, ToTokenizerJson(vocabulary));

    public static void WriteRanks(BpeVocabulary vocabulary, string path) =>
        AtomicFile.WriteAllText(path, ToRanks(vocabulary));

    public static string ToRanks(BpeVocabulary vocabulary)
    {
        var text = new StringBuilder(vocabulary.OrdinaryCount * 16);
        for (int id = 0; id < vocabulary.OrdinaryCount; id++)
            text.Append(Convert.ToBase64String(vocabulary.TokenBytes[id])).Append(' ').Append(id).Append('\n');
        return text.ToString();
    }

    public static string ToTokenizerJson(BpeVocabulary vocabulary)
    {
        var vocab = new JsonObject();
        for (int id = 0; id < vocabulary.OrdinaryCount; id++) vocab[ByteLevelAlphabet.ToText(vocabulary.TokenBytes[id])] = id;
        for (int i = 0; i < vocabulary.SpecialTokens.Count; i++) vocab[vocabulary.SpecialTokens[i]] = vocabulary.OrdinaryCount + i;
        var merges = new JsonArray();
        foreach (var (left, right) in vocabulary.Merges)
            merges.Add($"{ByteLevelAlphabet.ToText(vocabulary.TokenBytes[left])} {ByteLevelAlphabet.ToText(vocabulary.TokenBytes[right])}");
        var added = new JsonArray();
        for (int i = 0; i < vocabulary.SpecialTokens.Count; i++)
        {
            added.Add(new JsonObject
            {
                ["id"] = vocabulary.OrdinaryCount + i, ["content"] = vocabulary.SpecialTokens[i], ["single_word"] = false,
                ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            });
        }
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = PreTokenizerJson(vocabulary.Pattern),
            ["post_processor"] = null,
            ["decoder"] = ByteLevelJson(useRegex: true),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = merges,
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>GPT-2's pattern is what HF's ByteLevel pre-tokenizer applies itself; any other pattern is an explicit
    /// Split before a regex-free ByteLevel, so the file states exactly how text is cut.</summary>
    private static JsonObject PreTokenizerJson(string pattern) => pattern == PreTokenizerPatterns.Gpt2
        ? ByteLevelJson(useRegex: true)
        : new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = pattern },
                    ["behavior"] = "Isolated", ["invert"] = false,
                },
                ByteLevelJson(useRegex: false)),
        };

    private static JsonObject ByteLevelJson(bool useRegex) => new()
    {
        ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = useRegex,
    };

    /// <summary>Loads a <c>tokenizer.json</c> written by us (or any GPT-2-style byte-level BPE) as ordinary-text BPE.</summary>
    public static TextTokenizer LoadTokenizerJson(string path, string? name = null)
    {
        byte[] content = File.ReadAllBytes(path);
        var root = JsonNode.Parse(content) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object");
        var model = root["model"] as JsonObject ?? throw new InvalidDataException($"{path}: no \"model\"");
        if ((string?)model["type"] != "BPE") throw new InvalidDataException($"{path}: model type is {(string?)model["type"]}, expected BPE");
        var vocab = (model["vocab"] as JsonObject ?? throw new InvalidDataException($"{path}: no model.vocab"))
            .Select(p => new KeyValuePair<string, int>(p.Key, (int)p.Value!)).ToList();
        var merges = (model["merges"] as JsonArray ?? throw new InvalidDataException($"{path}: no model.merges"))
            .Select(m => m is JsonArray pair ? $"{(string)pair[0]!} {(string)pair[1]!}" : (string)m!).ToList();
        var specials = (root["added_tokens"] as JsonArray ?? [])
            .Select(t => (Content: (string)t!["content"]!, Id: (int)t["id"]!)).ToList();
        int eos = specials.FirstOrDefault(s => s.Content == SpecialTokens.EndOfText) is { Content: not null } e
            ? e.Id : throw new InvalidDataException($"{path}: no {SpecialTokens.EndOfText} among added_tokens");
        string pattern = ReadPattern(root["pre_tokenizer"], path);
        var specialContents = specials.Select(s => s.Content).ToHashSet(StringComparer.Ordinal);
        var options = new BpeOptions(vocab.Where(v => !specialContents.Contains(v.Key)))
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), null),
        };
        int vocabSize = vocab.Select(v => v.Value).Concat(specials.Select(s => s.Id)).Max() + 1;
        return new TextTokenizer(name ?? Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(content)),
            vocabSize, eos, BpeTokenizer.Create(options));
    }

    private static string ReadPattern(JsonNode? preTokenizer, string path)
    {
        switch ((string?)preTokenizer?["type"])
        {
            case "ByteLevel" when (bool?)preTokenizer!["use_regex"] != false:
                return PreTokenizerPatterns.Gpt2;
            case "Sequence":
                var split = (preTokenizer!["pretokenizers"] as JsonArray)?.FirstOrDefault(p => (string?)p?["type"] == "Split");
                if ((string?)split?["pattern"]?["Regex"] is { } regex) return regex;
                break;
        }
        throw new InvalidDataException($"{path}: unsupported pre_tokenizer (expected ByteLevel, or a Split regex then ByteLevel)");
    }

    /// <summary>Loads a tiktoken ranks file as ordinary-text BPE; EOS is the id after the last rank.</summary>
    public static TextTokenizer LoadRanks(string path, string pattern, string? name = null)
    {
        byte[] content = File.ReadAllBytes(path);
        int ranks = 0;
        foreach (byte b in content) if (b == (byte)'\n') ranks++;
        var tokenizer = TiktokenTokenizer.Create(new MemoryStream(content, writable: false),
            new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), null), normalizer: null, specialTokens: null);
        return new TextTokenizer(name ?? Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(content)),
            ranks + 1, ranks, tokenizer);
    }
}
