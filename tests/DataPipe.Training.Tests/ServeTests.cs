using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataPipe.Training.Tests;

/// <summary>A tiny GPT trained in the test on GPT-2 tokens, then `datapipe sample` and `datapipe serve` on 127.0.0.1,
/// called over real HTTP as an OpenAI client would.</summary>
[Collection(TorchCollection.Name)]
public sealed class ServeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Process Start(params string[] args) => DatapipeCli.Start(args);

    private static (int Code, string Out, string Err) Run(params string[] args) => DatapipeCli.Run(args);

    [Fact]
    public async Task ATrainedModelIsSampledAndServedOverTheOpenAiEndpoints()
    {
        string run = TinyModel.Train(_dir);

        var sample = Run("sample", "--model", run, "--prompt", "The river", "--temperature", "0", "--max-tokens", "8", "--device", "cpu");
        Assert.True(sample.Code == 0, sample.Err);
        Assert.StartsWith("The river", sample.Out);

        using var server = Start("serve", "--model", run, "--port", "0", "--name", "tiny", "--device", "cpu");
        try
        {
            string? first = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(first is not null && first.StartsWith("serving tiny", StringComparison.Ordinal), $"first line: {first}");
            var url = first![(first.LastIndexOf("http://", StringComparison.Ordinal))..].Trim();
            Assert.StartsWith("http://127.0.0.1:", url);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(1) };

            using (var models = JsonDocument.Parse(await http.GetStringAsync("/v1/models")))
                Assert.Equal("tiny", models.RootElement.GetProperty("data")[0].GetProperty("id").GetString());

            var greedy = new { model = "tiny", prompt = "The river", max_tokens = 8, temperature = 0.0 };
            string text = await CompletionText(http, greedy);
            Assert.Equal(sample.Out.TrimEnd('\n'), "The river" + text);
            Assert.Equal(text, await CompletionText(http, greedy));

            // A seeded draw repeats; usage counts tokens.
            var seeded = new { model = "tiny", prompt = "A farmer", max_tokens = 6, temperature = 1.0, top_p = 0.9, seed = 7 };
            using (var a = await Post(http, "/v1/completions", seeded))
            {
                Assert.Equal(await CompletionText(http, seeded), a.RootElement.GetProperty("choices")[0].GetProperty("text").GetString());
                var usage = a.RootElement.GetProperty("usage");
                Assert.Equal(2, usage.GetProperty("prompt_tokens").GetInt32());
                Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 0, 6);
            }

            // A stop sequence ends the text where it first appears.
            if (text.Length >= 4)
            {
                string stop = text.Substring(2, 2);
                var stopped = await CompletionText(http, new { model = "tiny", prompt = "The river", max_tokens = 8, temperature = 0.0, stop = new[] { stop } });
                Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], stopped);
            }

            using (var chat = await Post(http, "/v1/chat/completions", new { model = "tiny", messages = new[] { new { role = "user", content = "Sing about the mill" } }, max_tokens = 5, temperature = 0.0 }))
            {
                var choice = chat.RootElement.GetProperty("choices")[0];
                Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
                Assert.Contains(choice.GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
            }

            using var bad = await http.PostAsJsonAsync("/v1/completions", new { prompt = "x", top_p = 2.0 });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.Contains("top_p", error.RootElement.GetProperty("error").GetProperty("message").GetString());
        }
        finally
        {
            if (!server.HasExited) server.Kill();
            server.WaitForExit();
        }
    }

    [Fact]
    public void ServingAFolderThatIsNotATrainingRunIsAClearError()
    {
        var (code, _, err) = Run("serve", "--model", _dir.Path, "--port", "0");
        Assert.Equal(2, code);
        Assert.Contains("model.json not found", err);
    }

    private static async Task<JsonDocument> Post(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        string content = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, content);
        return JsonDocument.Parse(content);
    }

    private static async Task<string> CompletionText(HttpClient http, object body)
    {
        using var doc = await Post(http, "/v1/completions", body);
        return doc.RootElement.GetProperty("choices")[0].GetProperty("text").GetString()!;
    }
}
