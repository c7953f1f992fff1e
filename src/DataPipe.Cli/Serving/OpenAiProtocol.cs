using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPipe.Cli.Serving;

/// <summary>The request bodies of the OpenAI-compatible endpoints this server answers (the fields it honours).</summary>
public sealed record CompletionRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("prompt")] JsonElement Prompt,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens,
    [property: JsonPropertyName("temperature")] double? Temperature,
    [property: JsonPropertyName("top_p")] double? TopP,
    [property: JsonPropertyName("seed")] long? Seed,
    [property: JsonPropertyName("stop")] JsonElement Stop);

public sealed record ChatMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content);

public sealed record ChatRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage>? Messages,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens,
    [property: JsonPropertyName("max_completion_tokens")] int? MaxCompletionTokens,
    [property: JsonPropertyName("temperature")] double? Temperature,
    [property: JsonPropertyName("top_p")] double? TopP,
    [property: JsonPropertyName("seed")] long? Seed,
    [property: JsonPropertyName("stop")] JsonElement Stop);

/// <summary>An OpenAI-style error body: <c>{"error": {"message", "type"}}</c>.</summary>
public sealed record ErrorBody([property: JsonPropertyName("error")] ErrorDetail Error)
{
    public static ErrorBody Of(string message, string type = "invalid_request_error") => new(new ErrorDetail(message, type));
}

public sealed record ErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type);

internal static class JsonValues
{
    /// <summary>A string or a list of strings (the <c>stop</c> and <c>prompt</c> forms); null when absent.</summary>
    public static IReadOnlyList<string>? Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()!
            : throw new ArgumentException("expected a string or a list of strings")).ToList(),
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        _ => throw new ArgumentException("expected a string or a list of strings"),
    };
}
