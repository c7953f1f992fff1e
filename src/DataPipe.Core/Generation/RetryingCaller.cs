using System.ClientModel;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DataPipe.Core.Generation;

/// <summary>
/// The one retry layer around <see cref="ModelClient"/>: exponential backoff with jitter on 429, 408, 5xx, refused
/// connections and timeouts, waiting what <c>Retry-After</c> asks instead when the server says; a per-attempt
/// timeout; and, when the retries run out, one line naming the server and what it answered.
/// </summary>
public sealed class RetryingCaller
{
    /// <summary>The longest backoff, and the longest Retry-After honoured as given.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    private readonly ModelClient _client;
    private readonly ResiliencePipeline _pipeline;
    private readonly string _stage;
    private readonly string _baseUrl;
    private readonly GenerateOptions _options;

    public RetryingCaller(ModelClient client, string stage, GenerateOptions options, GenerateStats stats, ILogger logger)
    {
        _client = client;
        _stage = stage;
        _baseUrl = options.BaseUrl!;
        _options = options;
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                MaxRetryAttempts = options.MaxRetries,
                Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds),
                MaxDelay = MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ClientResultException e && ModelClient.RetryAfter(e) is { } wait
                    ? (TimeSpan?)(wait < MaxRetryAfter ? wait : MaxRetryAfter)
                    : null),
                OnRetry = args =>
                {
                    stats.Retried();
                    logger.LogWarning("generate {Stage}: {Server} {Reason}; retry {Attempt} of {Max} in {Delay:F1} s",
                        stage, _baseUrl, Reason(args.Outcome.Exception), args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay.TotalSeconds);
                    return default;
                },
            });
        }
        builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
        _pipeline = builder.Build();
    }

    /// <summary>The answer, or null when the server refused this one request as malformed (400, 413, 422: e.g. a prompt
    /// longer than the model's context), which drops the document rather than the build.</summary>
    /// <exception cref="Stages.StageFailedException">The server stayed down or refused every request (401, 404, …).</exception>
    public async Task<GenerationResponse?> CallAsync(GenerationRequest request, Action attempted, CancellationToken cancellation)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                attempted();
                return await _client.SendAsync(request, token).ConfigureAwait(false);
            }, cancellation).ConfigureAwait(false);
        }
        catch (ClientResultException e) when (e.Status is 400 or 413 or 422)
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            // No inner exception on purpose: the one line is the whole story (the CLI prints no stack trace), and an
            // inner transport IOException would make it read as a file-system failure.
            string retried = IsTransient(e, cancellation) && _options.MaxRetries > 0 ? $" after {_options.MaxRetries} {(_options.MaxRetries == 1 ? "retry" : "retries")}" : "";
            throw new Stages.StageFailedException(
                $"generate stage '{_stage}': the model server at {_baseUrl} failed{retried}: {Reason(e)}; check that it is running and that base_url and model are right, then run the same command again to resume");
        }
    }

    private static bool IsTransient(Exception? e, CancellationToken cancellation) => e switch
    {
        ClientResultException r => r.Status is 0 or 408 or 409 or 429 or >= 500,
        TimeoutRejectedException or HttpRequestException or IOException => true,
        OperationCanceledException => !cancellation.IsCancellationRequested,
        _ => false,
    };

    /// <summary>What the server did, in a few words: the HTTP status and reason, the connection error, or the timeout.</summary>
    private string Reason(Exception? e)
    {
        switch (e)
        {
            case null: return "failed";
            case TimeoutRejectedException: return string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.TimeoutSeconds} s (timeout_seconds)");
            case ClientResultException { Status: > 0 } r:
                var response = r.GetRawResponse();
                string phrase = response?.ReasonPhrase is { Length: > 0 } p ? p : ((HttpStatusCode)r.Status).ToString();
                string detail = ServerMessage(response?.Content?.ToString());
                return $"HTTP {r.Status} {phrase}{detail}";
        }
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return Flatten(inner.Message);
    }

    /// <summary>The <c>error.message</c> of an OpenAI-style error body, shortened.</summary>
    private static string ServerMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "";
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Object
                && error.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                return " (" + Flatten(text.Length > 200 ? text[..200] + "…" : text) + ")";
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return "";
    }

    private static string Flatten(string text) => text.ReplaceLineEndings(" ").Trim();
}
