using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Execution;
using DataPipe.Core.Stages;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;
using DataPipe.Core.Tokenization.Learning;

namespace DataPipe.Core.Tokenization.Stages;

/// <summary>
/// Trains a byte-level BPE on the documents that reach this stage, as a global stage. Sign counts each input shard's
/// pre-tokens (or, with a byte budget, keeps the shard's candidates for the sample); the <c>train</c> resolve phase
/// merges every shard and runs <see cref="BpeTrainer"/>, writing <c>tokenizer/tokenizer.json</c> and
/// <c>tokenizer/tokenizer.tiktoken</c>; a later <c>tokenize</c> stage uses them with <c>tokenizer: trained</c>.
/// It drops nothing.
/// </summary>
public sealed class TrainTokenizerStage : IGlobalStage
{
    /// <summary>The <c>tokenizer:</c> value of a tokenize stage that means "the one this build trained".</summary>
    public const string Trained = "trained";

    /// <summary>The tokenizer's name in token shards and the manifest: its path inside the build folder.</summary>
    public const string TokenizerName = "tokenizer/" + TokenizerJsonFile.FileName;

    // A sanity bound that catches a mistyped value; token shards hold ids up to 2^32.
    private const int MaxVocabSize = 1 << 24;

    private TrainTokenizerStage(string name, BpeTrainerOptions options, long seed)
    {
        Name = name;
        Options = options;
        Seed = seed;
        ResolvePhases = [new TrainResolvePhase(this)];
    }

    public string Name { get; }
    public BpeTrainerOptions Options { get; }

    /// <summary>Seeds the document-id hash that orders the byte-budget sample.</summary>
    public long Seed { get; }

    public IReadOnlyList<IResolvePhase> ResolvePhases { get; }

    public static void Register(StageCatalog catalog) => catalog.Add("train_tokenizer", Create);

    public static IStage Create(OptionsNode options, StageBuildContext context)
    {
        if (context.EarlierStages.OfType<TrainTokenizerStage>().FirstOrDefault() is { } earlier)
            throw options.Error("type", $"a pipeline trains at most one tokenizer (stage '{earlier.Name}' already does; it is written to <build>/tokenizer/)");
        var specials = ReadSpecialTokens(options);
        string pattern = options.GetChoice("pattern", "gpt2", "gpt2", "cl100k");
        bool splitDigits = options.GetBool("split_digits", false);
        long minFrequency = options.GetLong("min_frequency", 2, min: 1);
        long byteBudget = options.GetLong("byte_budget", 0, min: 0);
        int vocabSize = options.GetInt("vocab_size", 32_000, min: 1, max: MaxVocabSize);
        if (vocabSize < 256 + specials.Count)
            throw options.Error("vocab_size",
                $"must be at least {256 + specials.Count} (256 byte tokens + {specials.Count} special tokens), got {vocabSize}");
        var trainer = new BpeTrainerOptions
        {
            VocabSize = vocabSize, MinFrequency = minFrequency, Pattern = pattern, SplitDigits = splitDigits,
            ByteBudget = byteBudget, SpecialTokens = specials,
        };
        return new TrainTokenizerStage(context.StageName, trainer, context.Seed);
    }

    private static IReadOnlyList<string> ReadSpecialTokens(OptionsNode options)
    {
        if (!options.Has("special_tokens")) return [SpecialTokens.EndOfText];
        var specials = options.GetStringList("special_tokens");
        if (specials.Count == 0 || specials[0] != SpecialTokens.EndOfText)
            throw options.Error("special_tokens", $"the first special token must be {SpecialTokens.EndOfText} (it is the EOS after every document)");
        if (specials.FirstOrDefault(string.IsNullOrEmpty) is not null)
            throw options.Error("special_tokens", "a special token cannot be empty");
        if (specials.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw options.Error("special_tokens", $"'{twice.Key}' is listed twice");
        return specials;
    }

    public static string TokenizerJsonPath(BuildLayout layout) => Path.Combine(layout.TokenizerDirectory, TokenizerJsonFile.FileName);

    public static string RanksPath(BuildLayout layout) => Path.Combine(layout.TokenizerDirectory, TiktokenFile.FileName);

    /// <summary>The tokenizer this stage trained in the build <paramref name="layout"/> describes.</summary>
    public static TextTokenizer LoadTrained(BuildLayout layout)
    {
        string path = TokenizerJsonPath(layout);
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: the train_tokenizer phase has not completed");
        return TokenizerJsonFile.Load(path, TokenizerName);
    }

    internal LearningPaths Paths(BuildLayout layout) => new(layout.StageDirectory(Name));

    public IDocumentStep OpenSigner(StepContext context)
    {
        var paths = Paths(context.Layout);
        return Options.ByteBudget > 0
            ? new SampleSigner(paths.Sample(context.Shard.Index), Seed, Options.ByteBudget, context.Counters)
            : new WordCountSigner(WordTally.For(Options), paths.Counts(context.Shard.Index), context.Counters);
    }

    /// <summary>Training removes nothing; later passes only need the stage to let documents through.</summary>
    public IDocumentStep OpenApplier(StepContext context) => new PassThrough();

    private sealed class PassThrough : IDocumentStep
    {
        public StepResult Process(Document document, TextView text) => StepResult.Keep(document);

        public void Complete() { }

        public void Dispose() { }
    }
}
