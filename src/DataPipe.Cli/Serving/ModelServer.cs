using System.Text;
using System.Text.Json;
using DataPipe.Training.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPipe.Cli.Serving;

/// <summary>
/// The OpenAI-compatible HTTP face of a trained model: <c>GET /v1/models</c>, <c>POST /v1/completions</c> and
/// <c>POST /v1/chat/completions</c> (non-streaming), on Kestrel. The model answers one request at a time; concurrent
/// requests wait their turn, so a given (prompt, parameters, seed) always gets the same text.
/// </summary>
public sealed class ModelServer(GptSampler sampler, string modelName)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public WebApplication Build(string host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{host}:{port}");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = null);
        var app = builder.Build();
        app.MapGet("/v1/models", () => Results.Json(new
        {
            @object = "list",
            data = new[] { new { id = modelName, @object = "model", created = _created, owned_by = "datapipe" } },
        }));
        app.MapPost("/v1/completions", (Delegate)CompleteAsync);
        app.MapPost("/v1/chat/completions", (Delegate)ChatAsync);
        app.MapGet("/health", () => Results.Text("ok"));
        return app;
    }

    private async Task<IResult> CompleteAsync(HttpRequest http)
    {
        CompletionRequest? request;
        try { request = await JsonSerializer.DeserializeAsync<CompletionRequest>(http.Body); }
        catch (JsonException e) { return BadRequest($"the body is not a completion request: {e.Message}"); }
        if (request is null) return BadRequest("empty body");
        try
        {
            var prompts = JsonValues.Strings(request.Prompt) ?? throw new ArgumentException("prompt is required");
            if (prompts.Count != 1) throw new ArgumentException("prompt must be one string (batches are not served)");
            var options = Options(request.MaxTokens, request.Temperature, request.TopP, request.Seed, request.Stop);
            var completion = await RunAsync(prompts[0], options, http.HttpContext.RequestAborted);
            return Results.Json(new
            {
                id = "cmpl-" + Id(prompts[0], options),
                @object = "text_completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model = modelName,
                choices = new[] { new { index = 0, text = completion.Text, finish_reason = completion.FinishReason, logprobs = (object?)null } },
                usage = Usage(completion),
            });
        }
        catch (ArgumentException e) { return BadRequest(e.Message); }
    }

    private async Task<IResult> ChatAsync(HttpRequest http)
    {
        ChatRequest? request;
        try { request = await JsonSerializer.DeserializeAsync<ChatRequest>(http.Body); }
        catch (JsonException e) { return BadRequest($"the body is not a chat completion request: {e.Message}"); }
        if (request?.Messages is not { Count: > 0 } messages) return BadRequest("messages is required");
        try
        {
            // A base model has no chat template: the conversation becomes a transcript it continues as the assistant.
            var prompt = new StringBuilder();
            foreach (var m in messages) prompt.Append(m.Role).Append(": ").Append(m.Content).Append('\n');
            prompt.Append("assistant:");
            var options = Options(request.MaxCompletionTokens ?? request.MaxTokens, request.Temperature, request.TopP, request.Seed, request.Stop);
            var completion = await RunAsync(prompt.ToString(), options, http.HttpContext.RequestAborted);
            return Results.Json(new
            {
                id = "chatcmpl-" + Id(prompt.ToString(), options),
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model = modelName,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = completion.Text.TrimStart() }, finish_reason = completion.FinishReason } },
                usage = Usage(completion),
            });
        }
        catch (ArgumentException e) { return BadRequest(e.Message); }
    }

    private static SamplingOptions Options(int? maxTokens, double? temperature, double? topP, long? seed, JsonElement stop)
    {
        var options = new SamplingOptions(maxTokens ?? 16, temperature ?? 1.0, topP ?? 1.0, seed ?? 0, JsonValues.Strings(stop));
        options.Validate();
        return options;
    }

    private async Task<Completion> RunAsync(string prompt, SamplingOptions options, CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel);
        try { return sampler.Complete(prompt, options); }
        finally { _gate.Release(); }
    }

    private static object Usage(Completion c) => new
    {
        prompt_tokens = c.PromptTokens,
        completion_tokens = c.CompletionTokens,
        total_tokens = c.PromptTokens + c.CompletionTokens,
    };

    private static string Id(string prompt, SamplingOptions options) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { prompt, options.MaxTokens, options.Temperature, options.TopP, options.Seed, options.Stop }))))[..24];

    private static IResult BadRequest(string message) => Results.Json(ErrorBody.Of(message), statusCode: StatusCodes.Status400BadRequest);
}
