using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Generation;

/// <summary>
/// <c>generate</c>: synthetic data from an OpenAI-compatible server (vLLM, llama.cpp, OpenAI, <c>datapipe serve</c>).
/// Each document fills the prompt template; the answer replaces the text (<c>rephrase</c>), joins it as a second
/// document (<c>append</c>) or becomes question/answer documents (<c>qa</c>), with provenance in the metadata.
/// Built once per process: the HTTP client and the rate limits are shared by every task the process runs.
/// </summary>
public sealed class GenerateStage : IDocumentStage, IBuildFinalizer, IDeclaresDropReasons
{
    public const string EmptyAnswer = "empty_answer";
    public const string NoQaPairs = "no_qa_pairs";
    public const string RejectedByServer = "rejected_by_server";

    private readonly Lazy<ModelClient> _client;

    public GenerateStage(string name, GenerateOptions options, PromptTemplate template, GenerationSettings settings)
    {
        Name = name;
        Options = options;
        Template = template;
        Settings = settings;
        Requests = TokenBucket.For(options.RequestsPerMinute);
        Tokens = TokenBucket.For(options.TokensPerMinute);
        // The key is read when the first request needs it, not when the pipeline loads: `datapipe status` and
        // `datapipe report` load the pipeline too, and need no key.
        _client = new Lazy<ModelClient>(() => new ModelClient(settings, options.BaseUrl!, ApiKey(), TimeSpan.FromSeconds(options.TimeoutSeconds)));
    }

    public string Name { get; }
    public GenerateOptions Options { get; }
    public PromptTemplate Template { get; }
    public GenerationSettings Settings { get; }
    public TokenBucket? Requests { get; }
    public TokenBucket? Tokens { get; }
    public ModelClient Client => _client.Value;

    public IReadOnlyList<string> DropReasons { get; } = [RejectedByServer, EmptyAnswer, NoQaPairs];

    public static void Register(StageCatalog catalog) => catalog.Add("generate", Create);

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        var options = OptionBinder.Bind<GenerateOptions>(o);
        if (options.Cache is { } cache) options = options with { Cache = Path.GetFullPath(cache) };
        var template = options.Prompt is null
            ? PromptTemplate.Default(options.Mode)
            : PromptTemplate.Parse(options.PromptName ?? "custom", options.Prompt);
        if (options.Prompt is null && options.PromptName is { } name) template = PromptTemplate.Parse(name, template.Text);
        return new GenerateStage(context.StageName, options, template, GenerationSettings.From(options, context.Seed));
    }

    /// <summary>The cache folder: <c>cache:</c>, else inside the build (kept by <c>--force</c>, which clears only what a build makes).</summary>
    public ResponseCache CacheFor(Execution.BuildLayout layout) =>
        new(Options.Cache ?? Path.Combine(layout.Root, "generate-cache", Name));

    public IDocumentStep Open(StepContext context) => new GenerateStep(this, context);

    public void Finalize(FinalizeContext context) =>
        context.ReportSections[$"generate.{Name}"] = GenerateReport.Section(this, GenerateStats.Sum(context.Layout.StageDirectory(Name)));

    private string? ApiKey()
    {
        if (Options.ApiKeyEnv is not { } variable) return null;
        string? key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(key))
            throw new StageFailedException($"generate stage '{Name}': the environment variable {variable} (api_key_env) is not set; export it with the API key and run again");
        return key;
    }
}
