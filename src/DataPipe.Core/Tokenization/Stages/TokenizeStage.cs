using System.Text;
using System.Text.Json;
using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Execution;
using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.IO;
using DataPipe.Core.Reporting.Model;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;

namespace DataPipe.Core.Tokenization.Stages;

/// <summary>
/// Encodes every document with the configured tokenizer and writes <c>tokens/shard-NNNNN.arrow</c> for its input
/// shard (one row per document: tokens then EOS). After the build it writes <c>tokens/manifest.json</c> and the
/// report's <c>tokens</c> section. Shards depend only on their input shard, so output is the same for any worker count.
/// </summary>
public sealed class TokenizeStage : IDocumentStage, IBuildFinalizer
{
    private readonly Func<BuildLayout, TextTokenizer> _load;
    private readonly Lock _gate = new();
    private TextTokenizer? _tokenizer;

    // Encoders of finished tasks, for the next task of this process: an encoder's piece cache is its speed (natural
    // text repeats its words), and a task of a few MB would otherwise spend much of its time filling a fresh one.
    // Ids do not depend on what the cache holds, so output is the same whichever encoder a task gets.
    private readonly System.Collections.Concurrent.ConcurrentBag<ITokenEncoder> _idleEncoders = [];

    /// <param name="tokenizer">Loads the tokenizer for a build; called once, on first use, because a tokenizer trained
    /// by the build itself only exists after its resolve phase.</param>
    public TokenizeStage(string name, Func<BuildLayout, TextTokenizer> tokenizer, long batchTokens)
    {
        Name = name;
        BatchTokens = batchTokens;
        _load = tokenizer;
    }

    public string Name { get; }

    /// <summary>The tokenizer file given in the pipeline (null for an encoding name or the build's trained one);
    /// the finalizer copies it into the build so the manifest can point at it.</summary>
    public string? SourceFile { get; init; }

    /// <summary>Target size of one Arrow record batch, in tokens.</summary>
    public long BatchTokens { get; }

    /// <summary>The stage's tokenizer in the build <paramref name="layout"/> describes (one build per stage instance).</summary>
    public TextTokenizer TokenizerFor(BuildLayout layout)
    {
        lock (_gate) return _tokenizer ??= _load(layout);
    }

    public static IStage Create(OptionsNode options, StageBuildContext context)
    {
        string spec = options.GetString("tokenizer", "gpt2")!;
        string pattern = options.GetChoice("ranks_pattern", "gpt2", "gpt2", "cl100k");
        long batchTokens = options.GetLong("batch_tokens", 1 << 20, min: 1024, max: 1L << 28);
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(context.PipelineFile))!;
        if (PretrainedEncodings.IsKnown(spec))
            return new TokenizeStage(context.StageName, _ => PretrainedEncodings.Load(spec), batchTokens);
        // "trained", or the name of the train_tokenizer stage: the tokenizer this build trains before this pass.
        if (context.EarlierStages.OfType<TrainTokenizerStage>().FirstOrDefault(t => spec == TrainTokenizerStage.Trained || spec == t.Name) is not null)
            return new TokenizeStage(context.StageName, TrainTokenizerStage.LoadTrained, batchTokens);
        if (spec == TrainTokenizerStage.Trained)
            throw options.Error("tokenizer", $"'{TrainTokenizerStage.Trained}' needs a train_tokenizer stage before this stage");
        if (!File.Exists(Path.GetFullPath(spec, baseDirectory)) && !Directory.Exists(Path.GetFullPath(spec, baseDirectory)))
            throw options.Error("tokenizer",
                $"'{spec}' is neither an encoding ({string.Join(", ", PretrainedEncodings.Names)}), nor '{TrainTokenizerStage.Trained}' " +
                "after a train_tokenizer stage, nor an existing tokenizer file");
        string source = Path.GetFullPath(spec, baseDirectory);
        if (Directory.Exists(source)) source = Path.Combine(source, TokenizerJsonFile.FileName);
        return new TokenizeStage(context.StageName, _ => TokenizerResolver.Resolve(spec, baseDirectory, pattern), batchTokens) { SourceFile = source };
    }

    public static void Register(StageCatalog catalog) => catalog.Add("tokenize", Create);

    public IDocumentStep Open(StepContext context)
    {
        var tokenizer = TokenizerFor(context.Layout);
        var info = new TokenShardInfo(tokenizer.Name, tokenizer.Sha256, tokenizer.VocabSize, tokenizer.EosId);
        string shardPath = Path.Combine(context.Layout.TokensDirectory, BuildLayout.ShardFileName(context.Shard.Index, ".arrow"));
        string statsPath = StatsPath(context.Layout, context.Shard.Index);
        var encoder = _idleEncoders.TryTake(out var idle) ? idle : tokenizer.OpenEncoder();
        return new Step(encoder, new TokenShardWriter(shardPath, info, BatchTokens), statsPath, context.Counters, _idleEncoders.Add);
    }

    /// <summary>The shard as its writer counted it while writing.</summary>
    private static TokenManifestShard Recorded(string path, string file, long rows, long tokens, long bytes, string sha256, string writtenWith, TextTokenizer tokenizer)
    {
        if (writtenWith != tokenizer.Sha256)
            throw new InvalidDataException($"{path} was written with tokenizer sha256 {writtenWith}, not {tokenizer.Name} ({tokenizer.Sha256})");
        return new TokenManifestShard { File = file, Rows = rows, Tokens = tokens, Bytes = bytes, Sha256 = sha256 };
    }

    /// <summary>A shard whose stats predate the writer's own counts: counted and hashed by reading it.</summary>
    private static TokenManifestShard ReadBack(string path, string file, TextTokenizer tokenizer)
    {
        long rows = 0, tokens = 0;
        using (var reader = new TokenShardReader(path))
        {
            if (reader.Info.TokenizerSha256 != tokenizer.Sha256)
                throw new InvalidDataException($"{path} was written with tokenizer {reader.Info.Tokenizer} ({reader.Info.TokenizerSha256}), not {tokenizer.Name} ({tokenizer.Sha256})");
            foreach (int length in reader.RowLengths()) { rows++; tokens += length; }
        }
        return new TokenManifestShard { File = file, Rows = rows, Tokens = tokens, Bytes = new FileInfo(path).Length, Sha256 = TokenManifest.Sha256Of(path) };
    }

    private string StatsPath(BuildLayout layout, int shard) =>
        Path.Combine(layout.StageDirectory(Name), BuildLayout.ShardFileName(shard, ".json"));

    private sealed class Step(ITokenEncoder encoder, TokenShardWriter writer, string statsPath, Counters counters, Action<ITokenEncoder> release) : IDocumentStep
    {
        private readonly ShardStats _stats = new();
        private readonly List<int> _ids = new(1 << 16);

        public StepResult Process(Document document, TextView text)
        {
            _ids.Clear();
            encoder.Encode(document.Text, _ids);
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ids);
            writer.Append(document.Id, span);
            _stats.TextBytes += text.Utf8Length;
            _stats.TokensPerDocument.Add(span.Length + 1);
            counters.Add("tokens", span.Length + 1);
            return StepResult.Keep(document);
        }

        public void Complete()
        {
            writer.Commit();
            _stats.Rows = writer.Rows;
            _stats.Tokens = writer.Tokens;
            _stats.Bytes = writer.Bytes;
            _stats.Sha256 = writer.Sha256;
            _stats.TokenizerSha256 = writer.Info.TokenizerSha256;
            AtomicFile.WriteAllText(statsPath, JsonSerializer.Serialize(_stats));
        }

        public void Dispose()
        {
            writer.Dispose();
            release(encoder);
        }
    }

    /// <summary>What the step knows of its shard, kept beside it for the finalizer: the text bytes it encoded, and the
    /// rows, tokens, size and hash the writer counted as it wrote (so the finalizer does not read the shards back).
    /// The last five are absent in stats written before they were recorded.</summary>
    private sealed class ShardStats
    {
        public long TextBytes { get; set; }
        public Log2Histogram TokensPerDocument { get; init; } = new();
        public long? Rows { get; set; }
        public long? Tokens { get; set; }
        public long? Bytes { get; set; }
        public string? Sha256 { get; set; }
        public string? TokenizerSha256 { get; set; }
    }

    public void Finalize(FinalizeContext context)
    {
        var tokenizer = TokenizerFor(context.Layout);
        var shards = new List<TokenManifestShard>();
        var histogram = new Log2Histogram();
        long textBytes = 0;
        foreach (var shard in context.Shards.OrderBy(s => s.Index))
        {
            string file = BuildLayout.ShardFileName(shard.Index, ".arrow");
            string path = Path.Combine(context.Layout.TokensDirectory, file);
            if (!File.Exists(path)) throw new InvalidOperationException($"token shard {path} is missing; its task did not complete");
            string statsPath = StatsPath(context.Layout, shard.Index);
            var stats = File.Exists(statsPath) ? JsonSerializer.Deserialize<ShardStats>(File.ReadAllText(statsPath)) : null;
            shards.Add(stats is { Rows: { } rows, Tokens: { } tokens, Bytes: { } bytes, Sha256: { } sha, TokenizerSha256: { } written }
                       && bytes == new FileInfo(path).Length
                ? Recorded(path, file, rows, tokens, bytes, sha, written, tokenizer)
                : ReadBack(path, file, tokenizer));
            if (stats is not null)
            {
                textBytes += stats.TextBytes;
                histogram.AddAll(stats.TokensPerDocument.Counts);
            }
        }
        var manifest = new TokenManifest
        {
            FormatVersion = TokenShardSchema.FormatVersion, Tokenizer = tokenizer.Name, TokenizerSha256 = tokenizer.Sha256,
            TokenizerPath = TokenizerInBuild(context.Layout, tokenizer),
            VocabSize = tokenizer.VocabSize, EosId = tokenizer.EosId,
            Rows = shards.Sum(s => s.Rows), Tokens = shards.Sum(s => s.Tokens), Shards = shards,
        };
        manifest.Write(Path.Combine(context.Layout.TokensDirectory, TokenManifest.FileName));
        context.ReportSections[TokensSection.Name] = TokensReport.Create(manifest, textBytes, histogram);
        context.Logger.LogTokens(manifest);
    }

    /// <summary>The tokenizer's path relative to the build; a file given in the pipeline is copied in first
    /// (<c>tokenizer/&lt;name&gt;</c>), so the build decodes on its own after either has moved.</summary>
    private string? TokenizerInBuild(BuildLayout layout, TextTokenizer tokenizer)
    {
        if (SourceFile is null)
            return PretrainedEncodings.IsKnown(tokenizer.Name) ? null : tokenizer.Name; // the build's trained tokenizer
        string relative = Path.Combine("tokenizer", Path.GetFileName(SourceFile));
        string copy = Path.Combine(layout.Root, relative);
        if (!File.Exists(copy) || TokenManifest.Sha256Of(copy) != tokenizer.Sha256)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            AtomicFile.WriteAllBytes(copy, File.ReadAllBytes(SourceFile));
        }
        return relative.Replace('\\', '/');
    }
}
