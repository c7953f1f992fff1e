using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPipe.Training.Tests;

/// <summary>Trains the tiny model once for every generate test.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TinyModelFixture() => Run = TinyModel.Train(_dir);

    public string Run { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// The <c>generate</c> stage end to end through <c>datapipe run</c>: against the real <c>datapipe serve</c> with a tiny
/// model trained in the test, and against a small scripted HTTP server on 127.0.0.1 where a test needs answers the
/// model cannot give (a 429, question/answer text, a key check).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class GenerateTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Sources =
    [
        "The river runs past the mill.", "A farmer walks to the field.", "The miller sings a song.",
        "The mill turns all day long.", "A farmer comes home at dusk.", "The river runs and the mill turns.",
    ];

    private string Input(int count)
    {
        string path = _dir.Combine("in.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new { id = $"doc-{i}", text = Sources[i % Sources.Length] + $" ({i})" })));
        return path;
    }

    private string Pipeline(string name, string generateOptions, string input)
    {
        string path = _dir.Combine(name + ".yaml");
        File.WriteAllText(path, $"""
            name: {name}
            workers: 1
            inputs:
              - path: {input}
            stages:
              - type: generate
            {Indent(generateOptions)}
              - type: write_documents
                format: jsonl.gz
            """);
        return path;
    }

    private static string Indent(string options) => string.Join("\n", options.Split('\n').Select(l => "    " + l));

    private static List<JsonObject> Documents(string build) =>
        Directory.GetFiles(Path.Combine(build, "documents"), "*.jsonl.gz").Order(StringComparer.Ordinal)
            .SelectMany(file =>
            {
                using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                using var reader = new StreamReader(gzip);
                return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
            }).ToList();

    private static JsonObject Section(string build, string stage = "generate") =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(build, "report.json")))![$"generate.{stage}"]!;

    private static byte[] DocumentBytes(string build) =>
        Directory.GetFiles(Path.Combine(build, "documents")).Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes).ToArray();

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task Generate_against_datapipe_serve_writes_documents_with_provenance_and_a_cached_rerun_needs_no_server()
    {
        string input = Input(6);
        string cache = _dir.Combine("cache");
        string out1 = _dir.Combine("out1"), out2 = _dir.Combine("out2");
        string pipeline;
        using (var server = await ServedModel.StartAsync(model.Run))
        {
            pipeline = Pipeline("append", $$"""
                base_url: {{server.Url}}/v1
                model: tiny
                mode: append
                endpoint: completions
                prompt: "Continue ({id}): {text}"
                prompt_name: continue
                max_tokens: 8
                temperature: 0.8
                seed: 7
                concurrency: 3
                cache: {{cache}}
                price_per_million_tokens: 2.5
                """, input);
            var (code, stdout, stderr) = DatapipeCli.Run("run", pipeline, "--out", out1);
            Assert.True(code == 0, stderr + stdout);
        }

        var docs = Documents(out1);
        Assert.Equal(12, docs.Count);
        for (int i = 0; i < 6; i++)
        {
            // Input order whatever answered first: each source, then what was generated from it.
            var source = docs[2 * i];
            var generated = docs[2 * i + 1];
            Assert.Equal($"doc-{i}", source["id"]!.GetValue<string>());
            Assert.Equal($"doc-{i}/generate", generated["id"]!.GetValue<string>());
            var meta = generated["metadata"]!.AsObject();
            Assert.Equal($"doc-{i}", meta["generate.source_id"]!.GetValue<string>());
            Assert.Equal("tiny", meta["generate.model"]!.GetValue<string>());
            Assert.Equal("continue", meta["generate.template"]!.GetValue<string>());
            Assert.Equal(Sha256("Continue ({id}): {text}"), meta["generate.template_sha256"]!.GetValue<string>());
            Assert.Equal(Sha256($"Continue (doc-{i}): {source["text"]!.GetValue<string>()}"), meta["generate.prompt_sha256"]!.GetValue<string>());
            var parameters = JsonNode.Parse(meta["generate.params"]!.GetValue<string>())!;
            Assert.Equal("completions", parameters["endpoint"]!.GetValue<string>());
            Assert.Equal(7, parameters["seed"]!.GetValue<long>());
            Assert.Equal(8, parameters["max_tokens"]!.GetValue<int>());
        }

        var first = Section(out1);
        Assert.Equal(6, first["requests"]!.GetValue<long>());
        Assert.Equal(0, first["cache_hits"]!.GetValue<long>());
        Assert.Equal(0, first["retries"]!.GetValue<long>());
        Assert.Equal(6, first["docs_generated"]!.GetValue<long>());
        long promptTokens = first["prompt_tokens"]!.GetValue<long>(), completionTokens = first["completion_tokens"]!.GetValue<long>();
        Assert.True(promptTokens > 6, $"prompt tokens {promptTokens}");
        Assert.InRange(completionTokens, 1, 6 * 8);
        Assert.Equal(Math.Round((promptTokens + completionTokens) / 1e6 * 2.5, 6), first["cost"]!.GetValue<double>(), 9);
        Assert.Equal(6, CachedAnswers(cache));

        // The server is gone: a rerun with the same cache asks it for nothing, and writes the same bytes.
        var rerun = DatapipeCli.Run("run", pipeline, "--out", out2);
        Assert.True(rerun.Code == 0, rerun.Err + rerun.Out);
        var second = Section(out2);
        Assert.Equal(0, second["requests"]!.GetValue<long>());
        Assert.Equal(6, second["cache_hits"]!.GetValue<long>());
        Assert.False(second.ContainsKey("cost") && second["cost"]!.GetValue<double>() > 0);
        Assert.Equal(DocumentBytes(out1), DocumentBytes(out2));
    }

    [Fact]
    public async Task A_server_killed_mid_build_and_restarted_is_retried_and_the_build_completes()
    {
        const int count = 16;
        string input = Input(count);
        int port = DatapipeCli.FreePort();
        string cache = _dir.Combine("cache");
        string build = _dir.Combine("out");
        var server = await ServedModel.StartAsync(model.Run, port);
        try
        {
            // Two requests a second: the build is still running when the server goes down.
            string pipeline = Pipeline("rephrase", $"""
                base_url: http://127.0.0.1:{port}/v1
                model: tiny
                mode: rephrase
                endpoint: chat
                max_tokens: 6
                requests_per_minute: 120
                concurrency: 2
                max_retries: 12
                retry_delay_seconds: 0.5
                timeout_seconds: 30
                cache: {cache}
                """, input);
            using var run = DatapipeCli.Start("run", pipeline, "--out", build);
            var stdout = run.StandardOutput.ReadToEndAsync();
            var stderr = run.StandardError.ReadToEndAsync();

            var clock = Stopwatch.StartNew();
            while (CachedAnswers(cache) < 3 && clock.Elapsed < TimeSpan.FromMinutes(1) && !run.HasExited) await Task.Delay(50);
            server.Kill();
            int answeredBeforeKill = CachedAnswers(cache);
            Assert.True(answeredBeforeKill < count, "the build finished before the server was killed");
            await Task.Delay(TimeSpan.FromSeconds(2));
            server.Dispose();
            server = await ServedModel.StartAsync(model.Run, port);

            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0, await stderr + await stdout);
            Assert.Contains("retry", await stderr, StringComparison.Ordinal);

            var docs = Documents(build);
            Assert.Equal(count, docs.Count);
            Assert.Equal(Enumerable.Range(0, count).Select(i => $"doc-{i}/generate"), docs.Select(d => d["id"]!.GetValue<string>()));
            Assert.All(docs, d => Assert.Equal("tiny", d["metadata"]!["generate.model"]!.GetValue<string>()));
            var section = Section(build);
            Assert.True(section["retries"]!.GetValue<long>() >= 1, section.ToJsonString());
            Assert.Equal(count, CachedAnswers(cache));
        }
        finally
        {
            server.Dispose();
        }
    }

    private static int CachedAnswers(string cache) =>
        Directory.Exists(cache) ? Directory.GetFiles(cache, "*.json", SearchOption.AllDirectories).Length : 0;

    [Fact]
    public void A_429_with_Retry_After_is_waited_out_and_counted_and_the_api_key_is_never_written()
    {
        const string key = "sk-test-9f8e7d6c5b4a";
        using var server = new ScriptedServer((n, request) =>
        {
            if (request.Headers["Authorization"] != $"Bearer {key}") return (401, null, """{"error":{"message":"bad key","type":"auth"}}""");
            if (n == 0) return (429, "1", """{"error":{"message":"slow down","type":"rate_limit"}}""");
            return (200, null, ChatAnswer("Q: What runs past the mill?\nA: The river.\n\nQ: Who sings?\nA: The miller,\nloudly."));
        });
        string pipeline = Pipeline("qa", $"""
            base_url: {server.BaseUrl}
            model: scripted
            mode: qa
            api_key_env: GENERATE_TEST_KEY
            retry_delay_seconds: 0.01
            max_retries: 3
            """, Input(1));
        string build = _dir.Combine("out");
        var env = new Dictionary<string, string> { ["GENERATE_TEST_KEY"] = key };
        var (code, stdout, stderr) = DatapipeCli.Run(env, "run", pipeline, "--out", build);
        Assert.True(code == 0, stderr + stdout);

        Assert.Equal(2, server.Requests.Count);
        // Backoff alone would have waited 10 ms: the second try waited for what Retry-After asked.
        Assert.True(server.Requests[1].At - server.Requests[0].At >= TimeSpan.FromMilliseconds(900), $"{server.Requests[1].At - server.Requests[0].At}");
        using (var body = JsonDocument.Parse(server.Requests[1].Body))
        {
            Assert.Equal("scripted", body.RootElement.GetProperty("model").GetString());
            Assert.Contains(Sources[0], body.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
        }

        var section = Section(build);
        Assert.Equal(1, section["retries"]!.GetValue<long>());
        Assert.Equal(2, section["requests"]!.GetValue<long>());
        var docs = Documents(build);
        Assert.Equal(["doc-0/generate/qa-0", "doc-0/generate/qa-1"], docs.Select(d => d["id"]!.GetValue<string>()));
        Assert.Equal("Question: What runs past the mill?\nAnswer: The river.", docs[0]["text"]!.GetValue<string>());
        Assert.Equal("Question: Who sings?\nAnswer: The miller,\nloudly.", docs[1]["text"]!.GetValue<string>());

        foreach (var file in Directory.GetFiles(build, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(key, File.ReadAllText(file), StringComparison.Ordinal);
        Assert.DoesNotContain(key, stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("GENERATE_TEST_KEY", File.ReadAllText(Path.Combine(build, "plan.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_stays_down_fails_with_one_line_and_the_build_resumes_when_it_is_back()
    {
        int port = DatapipeCli.FreePort();
        string build = _dir.Combine("out");
        string[] args =
        [
            "generate", "--input", Input(3), "--out", build, "--workers", "1",
            "--base-url", $"http://127.0.0.1:{port}/v1", "--model", "scripted", "--endpoint", "completions",
            "--max-retries", "2", "--retry-delay-seconds", "0.01", "--concurrency", "1",
        ];
        var down = DatapipeCli.Run(args);
        Assert.Equal(1, down.Code);
        var errors = down.Err.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains($"http://127.0.0.1:{port}/v1", errors[0], StringComparison.Ordinal);
        Assert.Contains("after 2 retries", errors[0], StringComparison.Ordinal);
        Assert.Contains("refused", errors[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", down.Err, StringComparison.Ordinal);

        // A server that answers 503 every time is named by its status.
        using (var unavailable = new ScriptedServer((_, _) => (503, null, """{"error":{"message":"overloaded","type":"server"}}"""), port))
        {
            var busy = DatapipeCli.Run(args);
            Assert.Equal(1, busy.Code);
            Assert.Contains("HTTP 503 Service Unavailable (overloaded)", busy.Err, StringComparison.Ordinal);
            // The first document's three tries; the next may have started before the task stopped.
            Assert.True(unavailable.Requests.Count >= 3, $"{unavailable.Requests.Count} requests");
        }

        using var up = new ScriptedServer((n, _) => (200, null, CompletionAnswer($"answer {n}")), port);
        var resumed = DatapipeCli.Run(args);
        Assert.True(resumed.Code == 0, resumed.Err + resumed.Out);
        Assert.Equal(["answer 0", "answer 1", "answer 2"], Documents(build).Select(d => d["text"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(3, Section(build)["requests"]!.GetValue<long>());
    }

    private static string ChatAnswer(string text) => JsonSerializer.Serialize(new
    {
        id = "chat-1", @object = "chat.completion", created = 0, model = "scripted",
        choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 20, completion_tokens = 12, total_tokens = 32 },
    });

    private static string CompletionAnswer(string text) => JsonSerializer.Serialize(new
    {
        id = "cmpl-1", @object = "text_completion", created = 0, model = "scripted",
        choices = new[] { new { index = 0, text, finish_reason = "length" } },
        usage = new { prompt_tokens = 5, completion_tokens = 3, total_tokens = 8 },
    });
}

/// <summary>
/// A real HTTP server on 127.0.0.1 whose answers the test scripts: the n-th request (0-based) gets the status,
/// Retry-After and body the script returns. Records each request's time and body.
/// </summary>
internal sealed class ScriptedServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, HttpListenerRequest, (int Status, string? RetryAfter, string Body)> _script;
    private readonly Task _loop;
    private readonly List<(TimeSpan At, string Body)> _requests = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ScriptedServer(Func<int, HttpListenerRequest, (int Status, string? RetryAfter, string Body)> script, int port = 0)
    {
        _script = script;
        port = port == 0 ? DatapipeCli.FreePort() : port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public IReadOnlyList<(TimeSpan At, string Body)> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            string body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
            int n;
            lock (_requests)
            {
                n = _requests.Count;
                _requests.Add((_clock.Elapsed, body));
            }
            var (status, retryAfter, answer) = _script(n, context.Request);
            context.Response.StatusCode = status;
            if (retryAfter is not null) context.Response.Headers["Retry-After"] = retryAfter;
            context.Response.ContentType = "application/json";
            byte[] bytes = Encoding.UTF8.GetBytes(answer);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
