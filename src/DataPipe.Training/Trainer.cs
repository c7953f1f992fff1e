using System.Diagnostics;
using System.Text.Json;
using DataPipe.Core.IO;
using DataPipe.Core.Reporting;
using DataPipe.Training.Checkpoints;
using DataPipe.Training.Config;
using DataPipe.Training.Data;
using DataPipe.Training.Model;
using DataPipe.Training.Optimization;
using DataPipe.Training.Reporting;
using DataPipe.Training.Stability;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPipe.Training;

/// <summary>What a finished run leaves behind.</summary>
public sealed record TrainingResult(TrainingSummary Summary, IReadOnlyList<MetricsRow> Metrics, string OutDirectory);

/// <summary>
/// The training loop (nanoGPT-shaped): sample windows, forward, backward (with accumulation), clip, let the
/// stability guard accept or refuse the step, step AdamW on the warmup+cosine schedule, evaluate, checkpoint.
/// A refused step rolls back to the last checkpoint and never replays the batches that caused it.
/// </summary>
public sealed class Trainer(TrainConfig config, string tokensDirectory, Action<string> log, TrainingHooks? hooks = null)
{
    private readonly TrainingHooks _hooks = hooks ?? new TrainingHooks();

    public TrainingResult Run(bool resume, string? deviceOverride = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        if (config.Threads > 0) set_num_threads(config.Threads);
        var device = ResolveDevice(deviceOverride ?? config.Device);
        var precision = MixedPrecision.Verify(MixedPrecision.Resolve(config.Precision, device), _hooks.AutocastSelfCheck ?? Autocast.SelfCheck, log);
        Directory.CreateDirectory(config.Out);

        using var corpus = TokenCorpus.Open(tokensDirectory, config.Data.ValShards);
        int seqLen = config.Data.SeqLen, batchSize = config.Data.BatchSize;
        var vocab = corpus.Manifest.VocabSize;
        log($"data: {corpus.Train.Tokens:N0} training tokens in {corpus.Train.ShardCount} shards, {corpus.Validation.Tokens:N0} validation tokens in {corpus.Validation.ShardCount}; vocab {vocab}");

        manual_seed(config.Seed);
        var modelConfig = new GptConfig(vocab, seqLen, config.Model.Layers, config.Model.Heads, config.Model.Dim, config.Model.Dropout);
        using var model = new Gpt(modelConfig);
        // What `datapipe serve` and `sample` need to rebuild the model and its tokenizer from a checkpoint.
        Inference.ModelCard.For(modelConfig, corpus.Manifest, tokensDirectory).Write(config.Out);
        model.to(device);
        var parameterCount = model.ParameterCount();
        log($"model: {parameterCount:N0} parameters ({config.Model.Layers} layers, {config.Model.Heads} heads, d={config.Model.Dim}, context {seqLen}) on {device.type}, {MixedPrecision.Name(precision)}{(precision == ComputePrecision.Bf16 ? " autocast (fp32 weights and optimizer)" : "")}");
        using var optimizer = OptimizerFactory.Create(model, config.Optim.Lr,
            new AdamWSettings(config.Optim.Beta1, config.Optim.Beta2, config.Optim.Eps, config.Optim.WeightDecay));
        var schedule = new LearningRateSchedule(config.Optim.Lr, config.Optim.MinLr, config.Optim.WarmupSteps,
            config.Optim.DecaySteps > 0 ? config.Optim.DecaySteps : config.Optim.MaxSteps);
        var store = new CheckpointStore(Path.Combine(config.Out, "checkpoints"), config.Checkpoint.Keep);
        var guard = new SpikeGuard(config.Guard.SpikeFactor, config.Guard.Window, config.Guard.MinHistory);

        var state = new TrainingState();
        var latest = resume ? store.Latest() : null;
        if (latest is not null)
        {
            state = store.Load(latest, model, optimizer);
            log($"resumed from {latest} (step {state.Step}, sampler {state.Cursor})");
        }
        else
        {
            if (resume) log("no checkpoint to resume from: starting fresh");
            foreach (var stale in store.List()) Directory.Delete(stale, recursive: true);
            store.Save(model, optimizer, state); // step 0: the first rollback target
        }

        var sampler = new WindowSampler(corpus.Train.WindowCount(seqLen), config.Seed, state.Cursor);
        guard.Restore(state.RecentLosses);
        var metrics = state.Metrics.ToList();
        var skipped = state.Skipped.ToList();
        int step = state.Step, rollbacks = state.Rollbacks;
        var tokensSeen = state.TokensSeen;
        var tokensPerStep = (long)batchSize * seqLen * config.Optim.GradAccum;
        var window = new long[batchSize * (seqLen + 1)];
        var parameters = model.parameters().ToArray();
        var validation = ValidationWindows(corpus.Validation, seqLen);
        log($"training {config.Optim.MaxSteps} steps of {tokensPerStep:N0} tokens; {sampler.WindowCount:N0} windows per epoch");

        model.train();
        while (step < config.Optim.MaxSteps)
        {
            cancel.ThrowIfCancellationRequested();
            var stepClock = Stopwatch.StartNew();
            var lr = schedule.At(step);
            OptimizerFactory.SetLearningRate(optimizer, lr);
            SkipRefused(sampler, skipped);
            var from = sampler.Cursor;
            optimizer.zero_grad();
            var batches = new List<BatchInfo>(config.Optim.GradAccum);
            var loss = 0.0;
            for (var micro = 0; micro < config.Optim.GradAccum; micro++)
            {
                using var scope = NewDisposeScope();
                var info = NextBatch(sampler, corpus.Train, seqLen, window, step);
                batches.Add(info);
                var tokens = tensor(window, [batchSize, seqLen + 1], dtype: int64).to(device);
                var x = tokens[.., ..seqLen];
                var y = tokens[.., 1..];
                Tensor microLoss;
                // Forward and loss under autocast; backward outside it, as autograd replays the recorded casts.
                using (MixedPrecision.Enter(precision, device)) microLoss = model.Loss(x, y);
                if (_hooks.TransformLoss is { } transform) microLoss = transform(info, microLoss);
                loss += microLoss.item<float>() / config.Optim.GradAccum;
                (microLoss / config.Optim.GradAccum).backward();
            }
            var gradNorm = nn.utils.clip_grad_norm_(parameters, config.Optim.GradClip > 0 ? config.Optim.GradClip : double.MaxValue);

            var spike = guard.Check(loss, gradNorm);
            if (spike != SpikeKind.None)
            {
                rollbacks++;
                var refused = new SkippedRange(from, sampler.Cursor);
                skipped.Add(refused);
                var restoreFrom = store.Latest() ?? throw new InvalidOperationException("no checkpoint to roll back to");
                var message = FormattableString.Invariant(
                    $"rollback {rollbacks}: {spike} at step {step} (loss {loss:G5}, grad norm {gradNorm:G5}, median {guard.Median():G5}); skipping sampler {refused.From}..{refused.To}; restoring {Path.GetFileName(restoreFrom)}");
                log(message);
                if (rollbacks > config.Guard.MaxRollbacks)
                    throw new TrainingDivergedException($"training is unstable: {rollbacks} rollbacks exceed guard.max_rollbacks = {config.Guard.MaxRollbacks} (last: {message}). Lower optim.lr or raise guard.spike_factor.");
                optimizer.zero_grad();
                var restored = store.Load(restoreFrom, model, optimizer);
                step = restored.Step;
                tokensSeen = restored.TokensSeen;
                sampler.Seek(restored.Cursor);
                guard.Restore(restored.RecentLosses);
                metrics = [.. restored.Metrics, new MetricsRow(step, loss, null, lr, gradNorm, 0, message)];
                continue;
            }

            _hooks.BeforeOptimizerStep?.Invoke(step, batches);
            optimizer.step();
            guard.Accept(loss);
            step++;
            tokensSeen += tokensPerStep;
            double? valLoss = null;
            var evaluate = config.Data.EvalInterval > 0 && (step % config.Data.EvalInterval == 0 || step == config.Optim.MaxSteps);
            if (evaluate && validation.Count > 0) valLoss = Evaluate(model, corpus.Validation, validation, seqLen, batchSize, device, precision);
            var tokensPerSecond = tokensPerStep / Math.Max(1e-9, stepClock.Elapsed.TotalSeconds);
            metrics.Add(new MetricsRow(step, loss, valLoss, lr, gradNorm, tokensPerSecond, ""));
            _hooks.AfterStep?.Invoke(step, loss);
            if (step % 10 == 0 || step == 1 || valLoss is not null)
                log(FormattableString.Invariant($"step {step}/{config.Optim.MaxSteps} loss {loss:F4}{(valLoss is { } v ? $" val {v:F4}" : "")} lr {lr:G3} grad {gradNorm:F3} {tokensPerSecond:F0} tok/s"));

            if (step % config.Checkpoint.Every == 0 || step == config.Optim.MaxSteps)
            {
                var current = new TrainingState
                {
                    Step = step, Cursor = sampler.Cursor, TokensSeen = tokensSeen, Rollbacks = rollbacks,
                    Skipped = skipped, RecentLosses = guard.Recent.ToArray(), Metrics = metrics,
                };
                store.Save(model, optimizer, current);
                AtomicFile.WriteAllText(Path.Combine(config.Out, "metrics.csv"), MetricsRow.ToCsv(metrics));
            }
        }

        var lastVal = metrics.LastOrDefault(r => r.ValLoss is not null)?.ValLoss;
        var summary = new TrainingSummary(parameterCount, tokensSeen, step, metrics.LastOrDefault(r => r.Event.Length == 0)?.TrainLoss ?? double.NaN,
            lastVal, Math.Log(vocab), rollbacks, clock.Elapsed.TotalSeconds, device.type.ToString(), MixedPrecision.Name(precision))
            { TokensManifest = TrainingRunLinks.ManifestOf(tokensDirectory) };
        WriteOutputs(metrics, summary, vocab);
        TryRegister(summary.TokensManifest!);
        return new TrainingResult(summary, metrics, config.Out);
    }

    private void WriteOutputs(IReadOnlyList<MetricsRow> metrics, TrainingSummary summary, int vocab)
    {
        AtomicFile.WriteAllText(Path.Combine(config.Out, "metrics.csv"), MetricsRow.ToCsv(metrics));
        AtomicFile.WriteAllText(Path.Combine(config.Out, "summary.json"), JsonSerializer.Serialize(summary, CheckpointStore.Json));
        LossPlot.Save(metrics, Path.Combine(config.Out, "loss.png"), Math.Log(vocab));
    }

    /// <summary>Lets the token build's report find this run; a read-only token build only loses that link.</summary>
    private void TryRegister(string manifest)
    {
        try
        {
            TrainingRunLinks.Register(manifest, config.Out);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"note: could not link this run to {manifest} ({e.Message}); its build report will not show it");
        }
    }

    private static void SkipRefused(WindowSampler sampler, IReadOnlyList<SkippedRange> skipped)
    {
        bool moved;
        do
        {
            moved = false;
            foreach (var range in skipped)
            {
                if (range.From != sampler.Cursor) continue;
                sampler.Seek(range.To);
                moved = true;
            }
        }
        while (moved);
    }

    private static BatchInfo NextBatch(WindowSampler sampler, TokenStream stream, int seqLen, long[] buffer, int step)
    {
        var cursor = sampler.Cursor;
        var rows = buffer.Length / (seqLen + 1);
        var windows = new long[rows];
        for (var row = 0; row < rows; row++)
        {
            windows[row] = sampler.Next();
            stream.CopyWindow(windows[row], seqLen, buffer.AsSpan(row * (seqLen + 1), seqLen + 1));
        }
        return new BatchInfo(step, cursor, windows);
    }

    private IReadOnlyList<long> ValidationWindows(TokenStream validation, int seqLen)
    {
        var count = Math.Min(validation.WindowCount(seqLen), (long)config.Data.EvalBatches * config.Data.BatchSize);
        var windows = new List<long>();
        for (long i = 0; i < count; i++) windows.Add(i);
        return windows;
    }

    private static double Evaluate(Gpt model, TokenStream stream, IReadOnlyList<long> windows, int seqLen, int batchSize, Device device, ComputePrecision precision)
    {
        model.eval();
        try
        {
            using var _ = no_grad();
            double total = 0;
            var buffer = new long[batchSize * (seqLen + 1)];
            var batches = 0;
            foreach (var chunk in windows.Chunk(batchSize))
            {
                using var scope = NewDisposeScope();
                for (var i = 0; i < chunk.Length; i++) stream.CopyWindow(chunk[i], seqLen, buffer.AsSpan(i * (seqLen + 1), seqLen + 1));
                var tokens = tensor(buffer.AsSpan(0, chunk.Length * (seqLen + 1)).ToArray(), [chunk.Length, seqLen + 1], dtype: int64).to(device);
                using var autocast = MixedPrecision.Enter(precision, device);
                total += model.Loss(tokens[.., ..seqLen], tokens[.., 1..]).item<float>();
                batches++;
            }
            return total / batches;
        }
        finally
        {
            model.train();
        }
    }

    private static Device ResolveDevice(string name) => name switch
    {
        "cpu" => CPU,
        "cuda" when cuda.is_available() => CUDA,
        "cuda" => throw new TrainConfigException("device 'cuda' requested but CUDA is not available (build with -p:TorchBackend=cuda on a GPU machine)"),
        _ => cuda.is_available() ? CUDA : CPU,
    };
}
