using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace DataPipe.Core.Generation;

/// <summary>
/// Sends one prepared request through the official OpenAI client's pipeline (its authentication, transport and
/// error handling), pointed at <c>base_url</c>, and reads the answer. The body is built by
/// <see cref="GenerationRequest"/>, so exactly the bytes the cache is keyed by go on the wire; the client's own
/// legacy-completions type is not public, so both endpoints are sent the same way. One per stage: thread-safe.
/// </summary>
public sealed class ModelClient
{
    private readonly ClientPipeline _pipeline;
    private readonly Uri _endpoint;

    public ModelClient(GenerationSettings settings, string baseUrl, string? apiKey, TimeSpan attemptTimeout)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl),
            // The client has its own retry policy; it is switched off so that Polly (RetryingCaller) is the only retry
            // layer: one place that counts retries for the report, honours Retry-After and knows the backoff.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Polly's per-attempt timeout fires first; this only stops a connection that ignores cancellation.
            NetworkTimeout = attemptTimeout + TimeSpan.FromSeconds(5),
        };
        // A local server wants no key, but the client insists on a credential: a placeholder is sent instead.
        var credential = new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "no-key" : apiKey);
        _pipeline = new ChatClient(settings.Model, credential, options).Pipeline;
        _endpoint = new Uri(baseUrl.TrimEnd('/') + (settings.Endpoint == GenerateOptions.Chat ? "/chat/completions" : "/completions"));
        _chat = settings.Endpoint == GenerateOptions.Chat;
    }

    private readonly bool _chat;

    public async Task<GenerationResponse> SendAsync(GenerationRequest request, CancellationToken cancellation)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = "POST";
        message.Request.Uri = _endpoint;
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Headers.Set("Accept", "application/json");
        message.Request.Content = BinaryContent.Create(BinaryData.FromString(request.Body));
        message.Apply(new RequestOptions { CancellationToken = cancellation });
        await _pipeline.SendAsync(message).ConfigureAwait(false);
        var response = message.Response!;
        if (response.IsError) throw new ClientResultException(response);
        return Parse(response.Content.ToString(), _chat);
    }

    private static GenerationResponse Parse(string body, bool chat)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var choice = root.GetProperty("choices")[0];
        string text = (chat ? choice.GetProperty("message").GetProperty("content").GetString() : choice.GetProperty("text").GetString()) ?? "";
        string? finish = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        long promptTokens = 0, completionTokens = 0;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            promptTokens = Number(usage, "prompt_tokens");
            completionTokens = Number(usage, "completion_tokens");
        }
        return new GenerationResponse(text, finish, promptTokens, completionTokens);
    }

    private static long Number(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : 0;

    /// <summary>The wait a failed response asks for: <c>retry-after-ms</c> (OpenAI's), else <c>Retry-After</c> in seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(ClientResultException e)
    {
        var headers = e.GetRawResponse()?.Headers;
        if (headers is null) return null;
        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && milliseconds >= 0)
            return TimeSpan.FromMilliseconds(milliseconds);
        if (!headers.TryGetValue("Retry-After", out var value) || value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            var wait = when - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
