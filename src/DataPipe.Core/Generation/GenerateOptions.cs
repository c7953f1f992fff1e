using DataPipe.Core.Config.Binding;

namespace DataPipe.Core.Generation;

/// <summary>The <c>generate</c> stage's options (docs/generate.md). Read from a pipeline file and, for
/// <c>datapipe generate</c>, from <c>--key-name</c> flags made from the same declarations.</summary>
public sealed record GenerateOptions : IValidatedOptions
{
    public const string Rephrase = "rephrase", Append = "append", Qa = "qa";
    public const string Chat = "chat", Completions = "completions";

    [Help("OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1")]
    public string? BaseUrl { get; init; }

    [Help("Model name the server knows")]
    public string? Model { get; init; }

    [Choice(Rephrase, Append, Qa), Help("rephrase (replace the text) | append (keep the source, add the answer) | qa (question/answer documents)")]
    public string Mode { get; init; } = Rephrase;

    [Help("Prompt template: {text}, {title}, {url}, {id} and metadata fields; {{ and }} for braces (default: one per mode)")]
    public string? Prompt { get; init; }

    [Help("Name recorded in each document's provenance (default: the mode's built-in name, or 'custom')")]
    public string? PromptName { get; init; }

    [Choice(Chat, Completions), Help("chat (/chat/completions) or completions (/completions)")]
    public string Endpoint { get; init; } = Chat;

    [Range(1, 1_000_000)]
    public int MaxTokens { get; init; } = 512;

    [Range(0, 2)]
    public double Temperature { get; init; } = 0.7;

    [Range(0, 1)]
    public double TopP { get; init; } = 1;

    [Help("Sampling seed sent with every request (default: the pipeline's seed)")]
    public long? Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    [Help("Name of the environment variable that holds the API key (the key itself is never written anywhere)")]
    public string? ApiKeyEnv { get; init; }

    [Range(1, 1024), Help("Requests in flight per task")]
    public int Concurrency { get; init; } = 4;

    [Range(0, 1e9), Help("Request rate limit per process (0: none)")]
    public double RequestsPerMinute { get; init; }

    [Range(0, 1e12), Help("Token rate limit per process, prompt + completion (0: none)")]
    public double TokensPerMinute { get; init; }

    [Range(0, 100)]
    public int MaxRetries { get; init; } = 5;

    [Range(0.001, 3600), Help("First retry delay; doubles each retry (with jitter), capped at 60 s; Retry-After wins")]
    public double RetryDelaySeconds { get; init; } = 1;

    [Range(0.001, 86400), Help("Per-attempt timeout")]
    public double TimeoutSeconds { get; init; } = 120;

    [Help("Response cache folder (default: <out>/generate-cache/<stage>)")]
    public string? Cache { get; init; }

    [Range(0, 1e9), Help("Price per million tokens (prompt + completion) for the report's cost line")]
    public double PricePerMillionTokens { get; init; }

    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (string.IsNullOrWhiteSpace(BaseUrl)) yield return ("base_url", "is required: the server's OpenAI-compatible URL, e.g. http://127.0.0.1:8000/v1");
        else if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            yield return ("base_url", $"expected an http:// or https:// URL, got '{BaseUrl}'");
        if (string.IsNullOrWhiteSpace(Model)) yield return ("model", "is required: the model name the server serves");
        if (Prompt is not null && PromptTemplate.Problem(Prompt) is { } problem) yield return ("prompt", problem);
        if (ApiKeyEnv is { Length: 0 }) yield return ("api_key_env", "names no variable; leave it out when the server needs no key");
    }
}
