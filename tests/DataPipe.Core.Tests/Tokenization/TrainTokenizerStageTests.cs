using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.Config;
using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.Stages;
using DataPipe.Core.Tests.Filters;
using DataPipe.Core.Tests.Runtime;
using DataPipe.Core.Tokenization;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;
using DataPipe.Core.Tokenization.Learning;
using DataPipe.Core.Tokenization.Stages;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary><c>train_tokenizer</c> then <c>tokenize: trained</c> through the real CLI: what it trains on, what it
/// writes, and that the result depends on neither the worker count nor an interrupted run.</summary>
public sealed class TrainTokenizerStageTests : IDisposable
{
    private const int Shards = 4;
    private const int DocsPerShard = 90;
    private const int VocabSize = 600;
    private const long Seed = 7;

    // A word that only the documents the filters drop contain: a tokenizer trained on the raw input learns it.
    private const string JunkWord = "xylqvorb";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed record Doc(string Id, string Text, int Shard, int Ordinal);

    private List<Doc> WriteInputs()
    {
        var docs = new List<Doc>();
        Directory.CreateDirectory(_dir.File("in"));
        var random = new Random(31);
        for (int s = 0; s < Shards; s++)
        {
            var lines = new StringBuilder();
            for (int d = 0; d < DocsPerShard; d++)
            {
                string text = (d % 10) switch
                {
                    3 => $"{JunkWord} zq",                                                          // too short
                    7 => string.Concat(Enumerable.Repeat($"{{{{}}}} {JunkWord} ]]]]]]]] ######## ", 12)), // mostly symbols
                    _ when d < TokenizerTexts.EdgeCases.Length => TokenizerTexts.EdgeCases[d],
                    _ => TokenizerTexts.Document(random, 20 + random.Next(150)),
                };
                var doc = new Doc($"s{s}-d{d}", text, s, d);
                docs.Add(doc);
                lines.Append(JsonSerializer.Serialize(new { id = doc.Id, text })).Append('\n');
            }
            File.WriteAllText(_dir.File($"in/part-{s}.jsonl"), lines.ToString(), new UTF8Encoding(false));
        }
        return docs;
    }

    private static readonly IStage Length = StageBuilder.Build("length", "{min_chars: 20}");
    private static readonly IStage SymbolRatio = StageBuilder.Build("symbol_ratio");

    /// <summary>What the pipeline's filters keep, decided by the filter classes themselves.</summary>
    private static List<Doc> Kept(IEnumerable<Doc> docs) =>
        docs.Where(d => StageBuilder.Run(Length, d.Text).Reason is null && StageBuilder.Run(SymbolRatio, d.Text).Reason is null).ToList();

    private string Build(string name, int workers, string trainOptions = "")
    {
        string outDir = _dir.File(name);
        string pipeline = _dir.File($"{name}.yaml");
        File.WriteAllText(pipeline,
            $"name: t\nseed: {Seed}\ninputs:\n  - path: {_dir.File("in/*.jsonl")}\nout: {outDir}\nstages:\n" +
            "  - type: length\n    min_chars: 20\n  - type: symbol_ratio\n" +
            $"  - type: train_tokenizer\n    vocab_size: {VocabSize}\n{trainOptions}" +
            "  - type: tokenize\n    tokenizer: trained\n");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
        return outDir;
    }

    private static List<(string Id, int[] Tokens)> Rows(string build)
    {
        var manifest = TokenManifest.Read(Path.Combine(build, "tokens", "manifest.json"));
        var rows = new List<(string, int[])>();
        foreach (var shard in manifest.Shards)
        {
            using var reader = new TokenShardReader(Path.Combine(build, "tokens", shard.File));
            rows.AddRange(reader.Rows().Select(r => (r.Id, r.Tokens)));
        }
        return rows;
    }

    [Fact]
    public void TrainsOnTheKeptDocumentsOnlyAndTheTokenShardsDecodeToThem()
    {
        var docs = WriteInputs();
        var kept = Kept(docs);
        Assert.InRange(kept.Count, docs.Count / 2, docs.Count - 18 * Shards); // both filters dropped all their junk
        Assert.DoesNotContain(kept, d => d.Text.Contains(JunkWord));
        string build = Build("out", workers: 2);

        string tokenizerJson = Path.Combine(build, "tokenizer", "tokenizer.json");
        Assert.True(File.Exists(tokenizerJson));
        Assert.True(File.Exists(Path.Combine(build, "tokenizer", "tokenizer.tiktoken")));

        // Exactly what `datapipe tokenizer train` makes from the kept documents, and not what the raw input makes.
        File.WriteAllLines(_dir.File("kept.jsonl"), kept.Select(d => JsonSerializer.Serialize(new { id = d.Id, text = d.Text })));
        var cli = CliProcess.Run(_dir.Path, "tokenizer", "train", "--input", "kept.jsonl", "--vocab-size", VocabSize.ToString(), "--out", "cli");
        Assert.True(cli.ExitCode == 0, cli.All);
        Assert.Equal(File.ReadAllBytes(_dir.File("cli/tokenizer.json")), File.ReadAllBytes(tokenizerJson));
        Assert.Equal(File.ReadAllBytes(_dir.File("cli/tokenizer.tiktoken")), File.ReadAllBytes(Path.Combine(build, "tokenizer", "tokenizer.tiktoken")));
        var raw = new BpeTrainer(new BpeTrainerOptions { VocabSize = VocabSize }).Train(docs.Select(d => d.Text));
        Assert.Contains(raw.TokenBytes, t => Encoding.UTF8.GetString(t).Contains("qv"));
        Assert.NotEqual(TokenizerJsonFile.ToJson(raw), File.ReadAllText(tokenizerJson));
        var trained = TokenizerJsonFile.Load(tokenizerJson);
        var oracle = MlOracle.FromTokenizerJson(tokenizerJson);
        Assert.Equal(VocabSize, trained.VocabSize);

        // Every kept document, in input order, decodes back to its text; the manifest names the trained tokenizer.
        var rows = Rows(build);
        Assert.Equal(kept.Select(d => d.Id), rows.Select(r => r.Id));
        var texts = kept.ToDictionary(d => d.Id, d => d.Text);
        foreach (var (id, tokens) in rows)
        {
            Assert.Equal(trained.EosId, tokens[^1]);
            Assert.Equal(MlOracle.Encode(oracle, texts[id]), tokens[..^1]);
            Assert.Equal(texts[id] + SpecialTokens.EndOfText, trained.Decode(tokens));
        }
        var manifest = TokenManifest.Read(Path.Combine(build, "tokens", "manifest.json"));
        Assert.Equal((TrainTokenizerStage.TokenizerName, trained.Sha256, VocabSize), (manifest.Tokenizer, manifest.TokenizerSha256, manifest.VocabSize));

        var stage = JsonNode.Parse(File.ReadAllText(Path.Combine(build, "report.json")))!["stages"]!.AsArray()
            .Single(s => (string?)s!["name"] == "train_tokenizer")!;
        Assert.Equal(kept.Count, stage["docs_out"]!.GetValue<long>());
        var counters = stage["resolve"]!["train_tokenizer.train"]!["counters"]!;
        Assert.Equal(kept.Count, counters["documents"]!.GetValue<long>());
        Assert.Equal(kept.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text)), counters["bytes"]!.GetValue<long>());

        // `datapipe inspect` finds the trained tokenizer inside the build to decode a shard.
        var inspect = CliProcess.Run(_dir.Path, "inspect", Path.Combine(build, "tokens", "shard-00000.arrow"), "--decode", "1");
        Assert.True(inspect.ExitCode == 0, inspect.All);
        Assert.Contains(texts[rows[0].Id][..20], inspect.StdOut);
    }

    [Theory]
    [InlineData(0L, "")]
    [InlineData(20_000L, "    byte_budget: 20000\n    special_tokens: ['<|endoftext|>', '<|pad|>']\n    min_frequency: 3\n")]
    public void OneAndTwoWorkersWriteByteIdenticalTokenizerAndShardsTrainedOnTheDocumentedSample(long byteBudget, string trainOptions)
    {
        var kept = Kept(WriteInputs());
        string one = Build("w1", workers: 1, trainOptions);
        string two = Build("w2", workers: 2, trainOptions);

        var tokenizerOne = CorpusFiles.Hashes(Path.Combine(one, "tokenizer"));
        var tokensOne = CorpusFiles.Hashes(Path.Combine(one, "tokens"));
        Assert.Equal(["tokenizer.json", "tokenizer.tiktoken"], tokenizerOne.Keys.ToArray());
        Assert.Equal(Shards + 1, tokensOne.Count);
        Assert.Equal(tokenizerOne, CorpusFiles.Hashes(Path.Combine(two, "tokenizer")));
        Assert.Equal(tokensOne, CorpusFiles.Hashes(Path.Combine(two, "tokens")));

        // The sample: kept documents ordered by (seeded hash of the id, source position), the shortest prefix
        // reaching the budget. Without a budget, every kept document.
        var sample = kept;
        if (byteBudget > 0)
        {
            var ordered = kept.OrderBy(d => LearningSample.Key(d.Id, Seed)).ThenBy(d => d.Shard).ThenBy(d => d.Ordinal).ToList();
            long bytes = 0;
            sample = ordered.TakeWhile(d => { bool take = bytes < byteBudget; bytes += Encoding.UTF8.GetByteCount(d.Text); return take; }).ToList();
            Assert.InRange(sample.Count, 2, kept.Count / 2);
            Assert.True(sample.Sum(d => Encoding.UTF8.GetByteCount(d.Text)) >= byteBudget);
            Assert.True(sample.Select(d => d.Shard).Distinct().Count() == Shards, "the hash spreads the sample over every shard");
        }
        var options = new BpeTrainerOptions { VocabSize = VocabSize };
        if (byteBudget > 0) options = options with { SpecialTokens = [SpecialTokens.EndOfText, "<|pad|>"], MinFrequency = 3 };
        string expected = TokenizerJsonFile.ToJson(new BpeTrainer(options).Train(sample.Select(d => d.Text)));
        Assert.Equal(expected, File.ReadAllText(Path.Combine(one, "tokenizer", "tokenizer.json")));

        var trained = TokenizerJsonFile.Load(Path.Combine(one, "tokenizer", "tokenizer.json"));
        var texts = kept.ToDictionary(d => d.Id, d => d.Text);
        foreach (var (id, tokens) in Rows(two)) Assert.Equal(texts[id] + SpecialTokens.EndOfText, trained.Decode(tokens));
        Assert.Empty(Directory.EnumerateFiles(one, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AResumedBuildDoesNotTrainDifferently()
    {
        WriteInputs();
        string build = Build("out", workers: 2, "    byte_budget: 30000\n");
        var tokenizer = CorpusFiles.Hashes(Path.Combine(build, "tokenizer"));
        var tokens = CorpusFiles.Hashes(Path.Combine(build, "tokens"));

        // As if killed after the sign pass: the training task, half the last pass and the finalize task never finished,
        // and a killed sign task left its scratch file behind.
        Directory.Delete(Path.Combine(build, "tokenizer"), recursive: true);
        Directory.Delete(Path.Combine(build, "done", "train_tokenizer.train"), recursive: true);
        Directory.Delete(Path.Combine(build, "done", "finalize"), recursive: true);
        foreach (int shard in new[] { 1, 3 })
        {
            File.Delete(Path.Combine(build, "done", "pass-2", $"{shard:D5}.done"));
            File.Delete(Path.Combine(build, "tokens", $"shard-{shard:D5}.arrow"));
        }
        File.WriteAllText(Path.Combine(build, ".tmp", "shard-00000.bin.scratch.tmp-1-0"), "partial"); // temporaries live in the build's .tmp/

        string resumed = Build("out", workers: 1, "    byte_budget: 30000\n");
        Assert.Equal(tokenizer, CorpusFiles.Hashes(Path.Combine(resumed, "tokenizer")));
        Assert.Equal(tokens, CorpusFiles.Hashes(Path.Combine(resumed, "tokens")));
        Assert.Empty(Directory.EnumerateFiles(resumed, "*.tmp-*", SearchOption.AllDirectories));
    }

    private ConfigException LoadError(string stages)
    {
        string file = _dir.File("p.yaml");
        File.WriteAllText(file, $"inputs:\n  - path: a.jsonl\nstages:\n{stages}");
        return Assert.Throws<ConfigException>(() => new PipelineLoader(StageCatalog.CreateDefault()).Load(file));
    }

    [Theory]
    [InlineData("  - type: train_tokenizer\n    vocab_size: 200\n", "stages[0].vocab_size", 5, "must be at least 257 (256 byte tokens + 1 special tokens), got 200")]
    [InlineData("  - type: train_tokenizer\n    special_tokens: ['<|endoftext|>', '<|a|>', '<|b|>']\n    vocab_size: 258\n", "stages[0].vocab_size", 6, "must be at least 259")]
    [InlineData("  - type: train_tokenizer\n    pattern: o200k\n", "stages[0].pattern", 5, "must be one of gpt2, cl100k, got 'o200k'")]
    [InlineData("  - type: train_tokenizer\n    min_frequency: 0\n", "stages[0].min_frequency", 5, "must be between 1 and")]
    [InlineData("  - type: train_tokenizer\n    byte_budget: -1\n", "stages[0].byte_budget", 5, "must be between 0 and")]
    [InlineData("  - type: train_tokenizer\n    vocab: 1000\n", "stages[0].vocab", 5, "unknown key")]
    [InlineData("  - type: train_tokenizer\n    special_tokens: ['<|pad|>']\n", "stages[0].special_tokens", 5, "the first special token must be <|endoftext|>")]
    [InlineData("  - type: train_tokenizer\n    special_tokens: ['<|endoftext|>', '<|pad|>', '<|pad|>']\n", "stages[0].special_tokens", 5, "'<|pad|>' is listed twice")]
    [InlineData("  - type: train_tokenizer\n  - type: train_tokenizer\n    name: again\n", "stages[1].type", 5, "at most one tokenizer")]
    [InlineData("  - type: tokenize\n    tokenizer: trained\n  - type: train_tokenizer\n", "stages[0].tokenizer", 5, "needs a train_tokenizer stage before this stage")]
    public void BadOptionIsAConfigErrorNamingFileKeyAndLine(string stages, string key, int line, string problem)
    {
        var e = LoadError(stages);
        Assert.Equal(key, e.Key);
        Assert.Equal(line, e.Line);
        Assert.EndsWith("p.yaml", e.File);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void TokenizeNamesTheTrainingStageByItsName()
    {
        string file = _dir.File("p.yaml");
        File.WriteAllText(file, "inputs:\n  - path: a.jsonl\nstages:\n  - type: train_tokenizer\n    name: own\n  - type: tokenize\n    tokenizer: own\n");
        var pipeline = new PipelineLoader(StageCatalog.CreateDefault()).Load(file);
        Assert.IsType<TrainTokenizerStage>(pipeline.Stages[0]);
        Assert.IsType<TokenizeStage>(pipeline.Stages[1]);
    }
}
