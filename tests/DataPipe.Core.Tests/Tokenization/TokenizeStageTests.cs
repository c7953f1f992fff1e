using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.Tokenization;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary>The tokenize stage end to end through the real CLI: shards, manifest, report, determinism, interop.</summary>
public sealed class TokenizeStageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const int Shards = 4;
    private const int DocsPerShard = 150;

    private Dictionary<string, string> WriteInputs()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        Directory.CreateDirectory(_dir.File("in"));
        var random = new Random(21);
        for (int s = 0; s < Shards; s++)
        {
            using var file = File.Create(_dir.File($"in/part-{s}.jsonl.gz"));
            using var gz = new GZipStream(file, CompressionLevel.Fastest);
            using var writer = new StreamWriter(gz, new UTF8Encoding(false));
            for (int d = 0; d < DocsPerShard; d++)
            {
                string text = d < TokenizerTexts.EdgeCases.Length && TokenizerTexts.EdgeCases[d].Trim().Length > 0
                    ? TokenizerTexts.EdgeCases[d] : TokenizerTexts.Document(random, 20 + random.Next(300));
                string id = $"s{s}-d{d}";
                texts[id] = text;
                writer.Write(JsonSerializer.Serialize(new { id, text }));
                writer.Write('\n');
            }
        }
        return texts;
    }

    private string Build(string name, string tokenizer, int workers, string extra = "")
    {
        string outDir = _dir.File(name);
        string pipeline = _dir.File($"{name}.yaml");
        File.WriteAllText(pipeline,
            $"name: t\ninputs:\n  - path: {_dir.File("in/*.jsonl.gz")}\nout: {outDir}\nstages:\n  - type: tokenize\n    tokenizer: {tokenizer}\n{extra}");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
        return Path.Combine(outDir, "tokens");
    }

    [Fact]
    public void ShardsManifestAndReportAgreeAndEveryDocumentDecodesToItsText()
    {
        var texts = WriteInputs();
        string tokens = Build("out", "gpt2", workers: 2, extra: "    batch_tokens: 2048\n");
        var manifest = TokenManifest.Read(Path.Combine(tokens, "manifest.json"));
        var gpt2 = PretrainedEncodings.Load("gpt2");
        var oracle = MlOracle.Pretrained("gpt2");

        Assert.Equal(Shards, manifest.Shards.Count);
        Assert.Equal(Shards * DocsPerShard, manifest.Rows);
        Assert.Equal(("gpt2", 50257, 50256, gpt2.Sha256), (manifest.Tokenizer, manifest.VocabSize, manifest.EosId, manifest.TokenizerSha256));
        long total = 0;
        int decoded = 0;
        foreach (var shard in manifest.Shards)
        {
            string path = Path.Combine(tokens, shard.File);
            Assert.Equal(shard.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            Assert.Equal(shard.Bytes, new FileInfo(path).Length);
            using var reader = new TokenShardReader(path);
            Assert.True(reader.BatchCount > 1, "batch_tokens must cut shards into several record batches");
            var rows = reader.Rows().ToList();
            Assert.Equal(shard.Rows, rows.Count);
            Assert.Equal(shard.Tokens, rows.Sum(r => (long)r.Tokens.Length));
            total += shard.Tokens;
            foreach (var row in rows)
            {
                Assert.Equal(50256, row.Tokens[^1]);
                Assert.DoesNotContain(50256, row.Tokens[..^1]); // a literal <|endoftext|> stays ordinary text
                Assert.Equal(MlOracle.Encode(oracle, texts[row.Id]), row.Tokens[..^1]);
                Assert.Equal(texts[row.Id] + SpecialTokens.EndOfText, gpt2.Decode(row.Tokens));
                decoded++;
            }
        }
        Assert.Equal(manifest.Tokens, total);
        Assert.Equal(Shards * DocsPerShard, decoded);
        Assert.Contains(texts, t => t.Value.Contains(SpecialTokens.EndOfText));

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(tokens, "..", "report.json")))!["tokens"]!;
        Assert.Equal(manifest.Tokens, report["tokens"]!.GetValue<long>());
        Assert.Equal(Shards, report["shards"]!.GetValue<int>());
        Assert.Equal(texts.Values.Sum(t => (long)Encoding.UTF8.GetByteCount(t)), report["text_bytes"]!.GetValue<long>());
        Assert.Equal(manifest.Rows, report["tokens_per_document"]!.AsArray().Sum(b => b!["count"]!.GetValue<long>()));
    }

    [Fact]
    public void OneAndFourWorkersWriteByteIdenticalShards()
    {
        WriteInputs();
        var one = Hashes(Build("w1", "cl100k_base", workers: 1));
        var four = Hashes(Build("w4", "cl100k_base", workers: 4));
        Assert.Equal(Shards + 1, one.Count);
        Assert.Equal(one, four);
    }

    [Fact]
    public void TrainedTokenizerGivesTheSameIdsInTheStageAndInHuggingFaceTokenizersAndArrowJsReadsEveryShard()
    {
        var texts = WriteInputs();
        var training = new BpeTrainer(new BpeTrainerOptions { VocabSize = 2000 }).Train(TokenizerTexts.Documents(3000, seed: 8));
        TokenizerJsonFile.Write(training, _dir.File("tok/tokenizer.json"));
        string tokens = Build("out", _dir.File("tok/tokenizer.json"), workers: 2);
        var manifest = TokenManifest.Read(Path.Combine(tokens, "manifest.json"));

        var ordered = new List<(string Id, int[] Tokens)>();
        foreach (var shard in manifest.Shards)
        {
            using var reader = new TokenShardReader(Path.Combine(tokens, shard.File));
            ordered.AddRange(reader.Rows().Select(r => (r.Id, r.Tokens)));
        }
        File.WriteAllLines(_dir.File("texts.jsonl"), ordered.Select(r => JsonSerializer.Serialize(texts[r.Id])));
        var hf = NodeInterop.Run("encode.js", _dir.File("tok/tokenizer.json"), _dir.File("texts.jsonl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<int[]>(l)!).ToList();
        Assert.Equal(ordered.Count, hf.Count);
        for (int i = 0; i < ordered.Count; i++) Assert.Equal(hf[i], ordered[i].Tokens[..^1]);

        var arrow = JsonNode.Parse(NodeInterop.Run("read-shards.js", Path.Combine(tokens, "manifest.json")))!["shards"]!.AsArray();
        Assert.Equal(manifest.Shards.Count, arrow.Count);
        for (int i = 0; i < arrow.Count; i++)
        {
            var js = arrow[i]!;
            Assert.Equal(manifest.Shards[i].Rows, js["rows"]!.GetValue<long>());
            Assert.Equal(manifest.Shards[i].Tokens, js["tokens"]!.GetValue<long>());
            Assert.Equal(manifest.Shards[i].Rows, js["eos_at_end"]!.GetValue<long>());
            Assert.Equal("List<Uint16>", js["tokens_type"]!.ToString());
            Assert.Equal(training.VocabSize, js["vocab_size"]!.GetValue<int>());
        }
    }

    [Fact]
    public void UnknownTokenizerIsAConfigErrorWithItsLocation()
    {
        WriteInputs();
        File.WriteAllText(_dir.File("p.yaml"),
            $"inputs:\n  - path: {_dir.File("in/*.jsonl.gz")}\nout: {_dir.File("o")}\nstages:\n  - type: tokenize\n    tokenizer: gpt7\n");
        var result = CliProcess.Run(_dir.Path, "run", _dir.File("p.yaml"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gpt7", result.All);
        Assert.Contains("p.yaml", result.All);
    }

    private static SortedDictionary<string, string> Hashes(string directory) =>
        new(Directory.EnumerateFiles(directory).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);
}
