using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataPipe.Core.Tokenization;

namespace DataPipe.Training.Tests;

/// <summary>A tiny GPT trained in the test on GPT-2 tokens, then `datapipe sample` and `datapipe serve` on 127.0.0.1,
/// called over real HTTP as an OpenAI client would.</summary>
[Collection(TorchCollection.Name)]
public sealed class ServeTests : IDisposable
{
    private static readonly string Cli = FindCli();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string FindCli()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "DataPipe.sln"))) dir = Path.GetDirectoryName(dir)!;
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(dir, "src", "DataPipe.Cli", "bin", config, "net10.0", "datapipe.dll");
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    private string TrainTinyModel()
    {
        var gpt2 = PretrainedEncodings.Load("gpt2");
        string[] lines =
        [
            "The river runs past the mill and the mill turns all day long.",
            "A farmer walks to the field at dawn and comes home at dusk.",
            "The river runs past the mill and the miller sings a song.",
        ];
        var docs = Enumerable.Range(0, 30).Select(i => gpt2.Encode(lines[i % lines.Length] + " " + lines[(i + 1) % lines.Length]).ToArray()).ToList();
        string tokens = TestShards.Write(_dir.Combine("tokens"), gpt2.VocabSize, gpt2.EosId, [docs.Take(20).ToList(), docs.Skip(20).ToList()], tokenizer: "gpt2");
        string yaml = _dir.Combine("train.yaml");
        File.WriteAllText(yaml, "threads: 1\nmodel: {layers: 1, heads: 2, dim: 32}\ndata: {seq_len: 32, batch_size: 4, eval_interval: 10}\noptim: {max_steps: 20, warmup_steps: 2, lr: 0.01}\ncheckpoint: {every: 10, keep: 1}\n");
        var (code, stdout, stderr) = Run("train", yaml, "--tokens", tokens, "--out", _dir.Combine("run"), "--device", "cpu");
        Assert.True(code == 0, stderr + stdout);
        Assert.True(File.Exists(_dir.Combine("run", "model.json")));
        return _dir.Combine("run");
    }

    [Fact]
    public async Task ATrainedModelIsSampledAndServedOverTheOpenAiEndpoints()
    {
        string run = TrainTinyModel();

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
