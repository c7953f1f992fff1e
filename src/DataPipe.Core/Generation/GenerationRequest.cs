using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DataPipe.Core.Generation;

/// <summary>
/// One request as it goes on the wire: the endpoint and the JSON body, written in a fixed key order so that the same
/// prompt and parameters always make the same bytes. The cache key is the SHA-256 of those bytes.
/// </summary>
public sealed record GenerationRequest(string Endpoint, string Body, string PromptSha256)
{
    public string CacheKey { get; } = Sha256("datapipe-generate-v1\n" + Endpoint + "\n" + Body);

    public static GenerationRequest Create(GenerationSettings settings, string prompt)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", settings.Model);
            if (settings.Endpoint == GenerateOptions.Chat)
            {
                json.WriteStartArray("messages");
                json.WriteStartObject();
                json.WriteString("role", "user");
                json.WriteString("content", prompt);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            else json.WriteString("prompt", prompt);
            settings.WriteParameters(json);
            json.WriteEndObject();
        }
        return new GenerationRequest(settings.Endpoint, Encoding.UTF8.GetString(buffer.ToArray()), Sha256(prompt));
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>What every request of a stage shares: model, endpoint and sampling parameters.</summary>
public sealed record GenerationSettings(string Model, string Endpoint, int MaxTokens, double Temperature, double TopP, long Seed, IReadOnlyList<string> Stop)
{
    public static GenerationSettings From(GenerateOptions options, long pipelineSeed) => new(options.Model!, options.Endpoint,
        options.MaxTokens, options.Temperature, options.TopP, options.Seed ?? pipelineSeed, options.Stop);

    /// <summary>The sampling parameters as written into each request body, and (as their own object) into provenance.</summary>
    public void WriteParameters(Utf8JsonWriter json)
    {
        json.WriteNumber("max_tokens", MaxTokens);
        json.WriteNumber("temperature", Temperature);
        json.WriteNumber("top_p", TopP);
        json.WriteNumber("seed", Seed);
        if (Stop.Count > 0)
        {
            json.WriteStartArray("stop");
            foreach (var s in Stop) json.WriteStringValue(s);
            json.WriteEndArray();
        }
    }

    /// <summary>The endpoint and parameters as one JSON object (a document's <c>generate.params</c>).</summary>
    public string ParametersJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("endpoint", Endpoint);
            WriteParameters(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>What the server answered, as the cache keeps it.</summary>
public sealed record GenerationResponse(string Text, string? FinishReason, long PromptTokens, long CompletionTokens);
