using DataPipe.Core.Documents;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Generation;

/// <summary>
/// The generate stage inside one task. Up to <c>concurrency</c> requests are in flight while documents keep coming;
/// results leave strictly in input order, so the output is the same whatever answered first.
/// </summary>
internal sealed class GenerateStep : IDeferredStep
{
    private readonly GenerateStage _stage;
    private readonly StepContext _context;
    private readonly ResponseCache _cache;
    private readonly GenerateStats _stats = new();
    private readonly RetryingCaller _caller;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop;
    private readonly Queue<(Document Source, Task<Answer> Answer)> _pending = new();
    private readonly int _window;
    private readonly string _parameters;

    public GenerateStep(GenerateStage stage, StepContext context)
    {
        _stage = stage;
        _context = context;
        _cache = stage.CacheFor(context.Layout);
        _caller = new RetryingCaller(stage.Client, stage.Name, stage.Options, _stats, context.Logger);
        _slots = new SemaphoreSlim(stage.Options.Concurrency);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        // Room for twice the requests in flight, so cache hits and quick answers behind a slow one keep slots busy.
        _window = 2 * stage.Options.Concurrency;
        _parameters = stage.Settings.ParametersJson();
    }

    private sealed record Answer(GenerationRequest Request, GenerationResponse? Response, bool Cached);

    public IReadOnlyList<DeferredResult> Submit(Document document)
    {
        _pending.Enqueue((document, Start(document)));
        var ready = new List<DeferredResult>();
        while (_pending.Count > _window || (_pending.Count > 0 && _pending.Peek().Answer.IsCompleted)) ready.Add(Finish(_pending.Dequeue()));
        return ready;
    }

    public IReadOnlyList<DeferredResult> Drain()
    {
        var ready = new List<DeferredResult>(_pending.Count);
        while (_pending.Count > 0) ready.Add(Finish(_pending.Dequeue()));
        return ready;
    }

    public StepResult Process(Document document, TextView text)
    {
        List<DeferredResult> results = [.. Submit(document), .. Drain()];
        return results.Single().Result;
    }

    /// <summary>Fills the prompt and looks in the cache on the task's thread (counters are not thread-safe); only the
    /// server call runs in the background.</summary>
    private Task<Answer> Start(Document document)
    {
        string prompt = _stage.Template.Fill(document, field => _context.Counters.Add($"missing_field.{field}"));
        var request = GenerationRequest.Create(_stage.Settings, prompt);
        if (_cache.TryGet(request.CacheKey) is { } hit) return Task.FromResult(new Answer(request, hit, Cached: true));
        return CallAsync(request, _stop.Token);
    }

    private async Task<Answer> CallAsync(GenerationRequest request, CancellationToken cancellation)
    {
        await _slots.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_stage.Requests is { } requests) await requests.TakeAsync(1, cancellation).ConfigureAwait(false);
            // Tokens are not known before the answer: take a guess (4 characters a token, the whole completion
            // budget), then settle it against the usage the server reports.
            double estimate = request.Body.Length / 4.0 + _stage.Settings.MaxTokens;
            if (_stage.Tokens is { } tokens) await tokens.TakeAsync(estimate, cancellation).ConfigureAwait(false);
            var response = await _caller.CallAsync(request, _stats.Requested, cancellation).ConfigureAwait(false);
            if (response is null) return new Answer(request, null, Cached: false);
            _stats.Answered(response);
            long used = response.PromptTokens + response.CompletionTokens;
            if (used > 0) _stage.Tokens?.Correct(used - estimate);
            _cache.Put(request.CacheKey, response);
            return new Answer(request, response, Cached: false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private DeferredResult Finish((Document Source, Task<Answer> Answer) pending)
    {
        var source = pending.Source;
        var answer = pending.Answer.GetAwaiter().GetResult();
        if (answer.Response is not { } response)
        {
            _stats.RejectedByServer++;
            _context.Counters.Add("rejected_by_server");
            return new(source, StepResult.Drop(GenerateStage.RejectedByServer));
        }
        if (answer.Cached)
        {
            _stats.CacheHits++;
            _stats.CachedPromptTokens += response.PromptTokens;
            _stats.CachedCompletionTokens += response.CompletionTokens;
        }
        var result = Documents(source, answer.Request, response);
        _stats.DocsGenerated += result.Documents.Count - (_stage.Options.Mode == GenerateOptions.Append ? 1 : 0);
        return new(source, result);
    }

    private StepResult Documents(Document source, GenerationRequest request, GenerationResponse response)
    {
        string text = response.Text.Trim();
        switch (_stage.Options.Mode)
        {
            case GenerateOptions.Rephrase:
                return text.Length == 0 ? StepResult.Drop(GenerateStage.EmptyAnswer) : StepResult.Keep(Generated(source, "", text, request, response));
            case GenerateOptions.Append:
                if (text.Length > 0) return StepResult.Emit([source, Generated(source, "", text, request, response)], GenerateStage.EmptyAnswer);
                // The source stays even when the server had nothing to add.
                _context.Counters.Add("empty_answers");
                return StepResult.Keep(source);
            default:
                var pairs = QaParser.Parse(text);
                var documents = pairs.Select((pair, i) => Generated(source, $"/qa-{i}", $"Question: {pair.Question}\nAnswer: {pair.Answer}", request, response)
                    .WithMetadata("generate.qa_index", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
                return StepResult.Emit(documents, GenerateStage.NoQaPairs);
        }
    }

    /// <summary>A new document from the answer, carrying the source's metadata and where it came from.</summary>
    private Document Generated(Document source, string suffix, string text, GenerationRequest request, GenerationResponse response)
    {
        var metadata = new Dictionary<string, string>(source.Metadata, StringComparer.Ordinal)
        {
            ["generate.stage"] = _stage.Name,
            ["generate.source_id"] = source.Id,
            ["generate.model"] = _stage.Settings.Model,
            ["generate.template"] = _stage.Template.Name,
            ["generate.template_sha256"] = _stage.Template.Sha256,
            ["generate.prompt_sha256"] = request.PromptSha256,
            ["generate.params"] = _parameters,
        };
        if (response.FinishReason is { } finish) metadata["generate.finish_reason"] = finish;
        return source with { Id = $"{source.Id}/{_stage.Name}{suffix}", Text = text, Metadata = metadata };
    }

    public void Complete()
    {
        foreach (var (name, value) in new (string, long)[]
        {
            ("requests", _stats.Requests), ("retries", _stats.Retries), ("cache_hits", _stats.CacheHits),
            ("prompt_tokens", _stats.PromptTokens), ("completion_tokens", _stats.CompletionTokens), ("docs_generated", _stats.DocsGenerated),
        })
            if (value > 0) _context.Counters.Add(name, value);
        _stats.Write(GenerateStats.PathFor(_context.StageDirectory(_stage.Name), _context.Pass, _context.Shard.Index));
    }

    public void Dispose()
    {
        // A failed or stopped task: stop the requests still in flight; what already came back is in the cache.
        // The semaphore is left to the collector: a cancelled request still releases its slot on the way out.
        _stop.Cancel();
        _stop.Dispose();
    }
}
