using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace DataPipe.Core.Input.Remote;

/// <summary>What one host gets: a resilience pipeline (retry → circuit breaker → per-attempt timeout) and a cap on
/// downloads in flight. Shared by every shard on that host, so a failing host trips one breaker, not one per shard.</summary>
public sealed class HostGuard
{
    /// <summary>Added to an open breaker's remaining break before the next try: more than a timer tick on any OS.</summary>
    private static readonly TimeSpan BreakGrace = TimeSpan.FromMilliseconds(20);

    public HostGuard(RemoteOptions options, DownloadStats stats)
    {
        Slots = new SemaphoreSlim(options.ConcurrencyPerHost, options.ConcurrencyPerHost);
        var transient = new PredicateBuilder()
            .Handle<TransientHttpException>()
            .Handle<IncompleteBodyException>()
            .Handle<HttpRequestException>()
            .Handle<IOException>()
            .Handle<TimeoutRejectedException>();
        var builder = new ResiliencePipelineBuilder();
        if (options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TransientHttpException>().Handle<IncompleteBodyException>()
                    .Handle<HttpRequestException>().Handle<IOException>().Handle<TimeoutRejectedException>().Handle<BrokenCircuitException>(),
                MaxRetryAttempts = options.Retries,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception switch
                {
                    TransientHttpException { RetryAfter: { } wait } => wait < options.MaxDelay ? wait : options.MaxDelay,
                    // An open breaker refuses calls without touching the server: wait out the break rather than
                    // burning the remaining retries on refusals. The grace keeps a timer that fires a hair early from
                    // meeting a break with microseconds left, whose sub-millisecond wait returns at once: that burned
                    // every remaining retry in a burst of refusals.
                    BrokenCircuitException broken => (broken.RetryAfter ?? options.BreakerBreakDuration) + BreakGrace,
                    _ => null,
                }),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.BreakerBreakDuration,
            OnOpened = _ => { stats.BreakerOpened(); return default; },
        });
        builder.AddTimeout(options.AttemptTimeout);
        Pipeline = builder.Build();
    }

    public ResiliencePipeline Pipeline { get; }

    public SemaphoreSlim Slots { get; }
}
