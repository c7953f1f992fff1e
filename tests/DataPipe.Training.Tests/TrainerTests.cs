using DataPipe.Training.Checkpoints;
using DataPipe.Training.Config;
using DataPipe.Training.Data;
using DataPipe.Training.Reporting;

namespace DataPipe.Training.Tests;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private const int Vocab = 64;
    private readonly TempDirectory _dir = new();
    private readonly string _tokens;
    private readonly List<string> _log = [];

    public TrainerTests()
    {
        _tokens = TestShards.Write(_dir.Combine("tokens"), Vocab, eos: 0, TestShards.CountingCorpus(shards: 3, docsPerShard: 20, docLength: 40, cycle: 13));
    }

    public void Dispose() => _dir.Dispose();

    private TrainConfig Config(string name, int maxSteps = 40) => new()
    {
        Out = _dir.Combine(name),
        Seed = 3,
        Threads = 1,
        Device = "cpu",
        Model = new() { Layers = 1, Heads = 2, Dim = 32 },
        Data = new() { SeqLen = 16, BatchSize = 8, ValShards = 1, EvalInterval = 10, EvalBatches = 2 },
        Optim = new() { Lr = 1e-2, MinLr = 1e-3, WarmupSteps = 5, MaxSteps = maxSteps },
        Guard = new() { SpikeFactor = 3, Window = 16, MinHistory = 5, MaxRollbacks = 3 },
        Checkpoint = new() { Every = 8, Keep = 2 },
    };

    private TrainingResult Train(TrainConfig config, TrainingHooks? hooks = null, bool resume = false, CancellationToken cancel = default) =>
        new Trainer(config, _tokens, _log.Add, hooks).Run(resume, cancel: cancel);

    [Fact]
    public void Loss_falls_well_below_ln_vocab_on_a_learnable_pattern_and_outputs_are_written()
    {
        var config = Config("learn", maxSteps: 60);
        var result = Train(config);

        var first = result.Metrics[0].TrainLoss;
        Assert.InRange(first, Math.Log(Vocab) - 0.5, Math.Log(Vocab) + 0.5); // starts near uniform
        Assert.True(result.Summary.FinalTrainLoss < first / 2, $"final {result.Summary.FinalTrainLoss} vs first {first}");
        Assert.NotNull(result.Summary.FinalValLoss);
        Assert.True(result.Summary.FinalValLoss < Math.Log(Vocab) - 1.5, $"val {result.Summary.FinalValLoss}");
        Assert.Equal(60 * 8 * 16, result.Summary.TokensSeen);
        Assert.Equal(6.0 * result.Summary.Parameters * result.Summary.TokensSeen, result.Summary.TrainingFlops);

        var csv = File.ReadAllLines(Path.Combine(config.Out, "metrics.csv"));
        Assert.Equal(MetricsRow.Header, csv[0]);
        Assert.Equal(61, csv.Length);
        var png = File.ReadAllBytes(Path.Combine(config.Out, "loss.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Contains("\"tokens_per_parameter\"", File.ReadAllText(Path.Combine(config.Out, "summary.json")));
    }

    [Fact]
    public void A_poisoned_batch_triggers_rollback_and_skip_and_never_reaches_an_optimizer_step()
    {
        var config = Config("poison", maxSteps: 30);
        // The window the sampler serves at position 100 of epoch 0 (inside optimizer step 12) makes the loss NaN.
        var sampler = new WindowSampler(WindowsPerEpoch(config), config.Seed);
        long poisoned = -1;
        for (var i = 0; i <= 100; i++) poisoned = sampler.Next();
        var applied = new List<BatchInfo>();
        var hooks = new TrainingHooks
        {
            TransformLoss = (info, loss) => info.Cursor.Epoch == 0 && info.Windows.Contains(poisoned) ? loss * double.NaN : loss,
            BeforeOptimizerStep = (_, batches) => applied.AddRange(batches),
        };

        var result = Train(config, hooks);

        Assert.Equal(30, result.Summary.Steps);
        Assert.Equal(1, result.Summary.Rollbacks);
        var events = result.Metrics.Where(r => r.Event.Length > 0).ToList();
        Assert.Single(events);
        Assert.Contains("NonFiniteLoss at step 12", events[0].Event);
        Assert.Contains("restoring step-00000008", events[0].Event);
        Assert.DoesNotContain(applied, b => b.Cursor.Epoch == 0 && b.Windows.Contains(poisoned));
        // Steps 9–12 were replayed after the rollback, so more batches were applied than steps were counted.
        Assert.Equal(30 + 4, applied.Count);
        Assert.Contains(_log, l => l.StartsWith("rollback 1:", StringComparison.Ordinal));
        Assert.All(result.Metrics.Where(r => r.Event.Length == 0), r => Assert.True(double.IsFinite(r.TrainLoss)));
    }

    [Fact]
    public void A_huge_loss_spike_is_refused_like_a_NaN()
    {
        var config = Config("spike", maxSteps: 20);
        var fired = false;
        var hooks = new TrainingHooks
        {
            TransformLoss = (info, loss) =>
            {
                if (info.Step != 14 || fired) return loss;
                fired = true;
                return loss * 1000;
            },
        };
        var result = Train(config, hooks);
        Assert.Equal(1, result.Summary.Rollbacks);
        Assert.Contains(result.Metrics, r => r.Event.Contains("LossSpike at step 14", StringComparison.Ordinal));
        Assert.Equal(20, result.Summary.Steps);
    }

    [Fact]
    public void Too_many_rollbacks_stop_the_run_with_a_clear_error()
    {
        var config = Config("diverge", maxSteps: 30);
        var hooks = new TrainingHooks { TransformLoss = (info, loss) => info.Step >= 3 ? loss * double.PositiveInfinity : loss };
        var e = Assert.Throws<TrainingDivergedException>(() => Train(config, hooks));
        Assert.Contains("4 rollbacks exceed guard.max_rollbacks = 3", e.Message);
    }

    [Fact]
    public void An_interrupted_and_resumed_run_gives_the_same_losses_as_an_uninterrupted_one()
    {
        var whole = Train(Config("whole", maxSteps: 24));

        var config = Config("interrupted", maxSteps: 24);
        using var cancel = new CancellationTokenSource();
        var stopAt20 = new TrainingHooks { AfterStep = (step, _) => { if (step == 20) cancel.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => Train(config, stopAt20, cancel: cancel.Token));
        Assert.EndsWith("step-00000016", new CheckpointStore(Path.Combine(config.Out, "checkpoints"), 2).Latest());

        var resumed = Train(config, resume: true);

        Assert.Contains(_log, l => l.Contains("resumed from", StringComparison.Ordinal) && l.Contains("step 16", StringComparison.Ordinal));
        Assert.Equal(whole.Metrics.Select(r => r.Step), resumed.Metrics.Select(r => r.Step));
        Assert.Equal(whole.Metrics.Select(r => r.TrainLoss), resumed.Metrics.Select(r => r.TrainLoss));
        Assert.Equal(whole.Metrics.Select(r => r.ValLoss), resumed.Metrics.Select(r => r.ValLoss));
        Assert.Equal(whole.Metrics.Select(r => r.GradNorm), resumed.Metrics.Select(r => r.GradNorm));
    }

    [Fact]
    public void Checkpoints_are_complete_folders_and_only_the_last_K_are_kept()
    {
        var config = Config("keep", maxSteps: 20);
        Train(config);
        var store = new CheckpointStore(Path.Combine(config.Out, "checkpoints"), 2);
        Assert.Equal(["step-00000016", "step-00000020"], store.List().Select(Path.GetFileName));
        Assert.Equal(2, Directory.GetDirectories(store.Directory).Length); // no temporary folders left
        foreach (var checkpoint in store.List())
        {
            foreach (var file in new[] { "model.bin", "optim.bin", "rng.bin", "state.json" })
                Assert.True(new FileInfo(Path.Combine(checkpoint, file)).Length > 0, file);
        }
    }

    private long WindowsPerEpoch(TrainConfig config)
    {
        using var corpus = TokenCorpus.Open(_tokens, config.Data.ValShards);
        return corpus.Train.WindowCount(config.Data.SeqLen);
    }
}
