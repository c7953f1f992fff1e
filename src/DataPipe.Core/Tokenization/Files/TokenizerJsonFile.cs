using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.IO;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Files;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> of a byte-level BPE: BPE model, byte-level pre-tokenizer and decoder, special
/// tokens. Written from a trained vocabulary; read back (ours, or any GPT-2-style file) into our own model.
/// </summary>
public static class TokenizerJsonFile
{
    public const string FileName = "tokenizer.json";

    public static void Write(BpeVocabulary vocabulary, string path) => AtomicFile.WriteAllText(path, ToJson(vocabulary));

    public static string ToJson(BpeVocabulary vocabulary)
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
            ["pre_tokenizer"] = PreTokenizerJson(vocabulary.PreTokenizer.Pattern),
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
    public static TextTokenizer Load(string path, string? name = null)
    {
        byte[] content = File.ReadAllBytes(path);
        var root = JsonNode.Parse(content) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object");
        var model = root["model"] as JsonObject ?? throw new InvalidDataException($"{path}: no \"model\"");
        if ((string?)model["type"] != "BPE") throw new InvalidDataException($"{path}: model type is {(string?)model["type"]}, expected BPE");
        var vocab = (model["vocab"] as JsonObject ?? throw new InvalidDataException($"{path}: no model.vocab"))
            .Select(p => new KeyValuePair<string, int>(p.Key, (int)p.Value!)).ToList();
        var merges = (model["merges"] as JsonArray ?? throw new InvalidDataException($"{path}: no model.merges"))
            .Select(m => m is JsonArray pair ? ((string)pair[0]!, (string)pair[1]!) : SplitMerge((string)m!, path)).ToList();
        var specials = (root["added_tokens"] as JsonArray ?? [])
            .Select(t => (Content: (string)t!["content"]!, Id: (int)t["id"]!)).ToList();
        int eos = specials.FirstOrDefault(s => s.Content == SpecialTokens.EndOfText) is { Content: not null } e
            ? e.Id : throw new InvalidDataException($"{path}: no {SpecialTokens.EndOfText} among added_tokens");
        string pattern = ReadPattern(root["pre_tokenizer"], path);
        var specialContents = specials.Select(s => s.Content).ToHashSet(StringComparer.Ordinal);
        var ordinary = vocab.Where(v => !specialContents.Contains(v.Key)).ToList();
        var ids = ordinary.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var tokens = new Dictionary<int, byte[]>(ordinary.Count);
        foreach (var (text, id) in ordinary)
        {
            if (!ByteLevelAlphabet.TryToBytes(text, out byte[] bytes))
                throw new InvalidDataException($"{path}: token '{text}' is not byte-level text");
            tokens[id] = bytes;
        }
        int Id(string token) => ids.TryGetValue(token, out int id) ? id
            : throw new InvalidDataException($"{path}: merge names '{token}', which is not in model.vocab");
        var ranks = BpeRanks.FromVocabulary(tokens, merges.Select(m => (Id(m.Item1), Id(m.Item2), Id(m.Item1 + m.Item2))));
        int vocabSize = vocab.Select(v => v.Value).Concat(specials.Select(s => s.Id)).Max() + 1;
        return new TextTokenizer(name ?? Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(content)),
            PreTokenizer.FromPattern(pattern), ranks, vocabSize, eos, specials.ToDictionary(s => s.Id, s => s.Content));
    }

    private static (string, string) SplitMerge(string merge, string path)
    {
        int space = merge.IndexOf(' ');
        return space > 0 ? (merge[..space], merge[(space + 1)..]) : throw new InvalidDataException($"{path}: merge '{merge}' is not 'left right'");
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
}
