using DataPipe.Training.Config;
using DataPipe.Training.Model;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DataPipe.Training.Tests;

/// <summary>
/// <c>precision:</c> and the libtorch autocast region behind bf16. CPU autocast is the same libtorch mechanism as
/// CUDA's (another dispatch key), so the region's behaviour and a bf16 training run are tested here on CPU.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PrecisionTests : IDisposable
{
    private const int Vocab = 64;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A one-layer GPT on CPU that evaluates and checkpoints once, at its last step.</summary>
    private TrainConfig TinyConfig(string name, string precision, int steps) => new()
    {
        Out = _dir.Combine(name),
        Seed = 3,
        Threads = 1,
        Device = "cpu",
        Precision = precision,
        Model = new() { Layers = 1, Heads = 2, Dim = 32 },
        Data = new() { SeqLen = 16, BatchSize = 8, ValShards = 1, EvalInterval = steps, EvalBatches = 2 },
        Optim = new() { Lr = 1e-2, MinLr = 1e-3, WarmupSteps = 5, MaxSteps = steps },
        Checkpoint = new() { Every = steps, Keep = 1 },
    };

    [Fact]
    public void An_unknown_precision_is_a_config_error_naming_the_key()
    {
        var yaml = _dir.Combine("train.yaml");
        File.WriteAllText(yaml, "precision: fp16\n");
        var e = Assert.Throws<TrainConfigException>(() => TrainConfig.Load(yaml));
        Assert.Contains(":1:1: precision: must be one of auto, fp32, bf16, got 'fp16'", e.Message);
        Assert.StartsWith(yaml, e.Message);

        File.WriteAllText(yaml, "precision: bf16\n");
        Assert.Equal("bf16", TrainConfig.Load(yaml).Precision);
        File.WriteAllText(yaml, "seed: 1\n");
        Assert.Equal("auto", TrainConfig.Load(yaml).Precision);
    }

    [Fact]
    public void Auto_is_bf16_on_cuda_and_fp32_on_cpu()
    {
        Assert.Equal(ComputePrecision.Bf16, MixedPrecision.Resolve("auto", new Device(DeviceType.CUDA)));
        Assert.Equal(ComputePrecision.Fp32, MixedPrecision.Resolve("auto", CPU));
        Assert.Equal(ComputePrecision.Bf16, MixedPrecision.Resolve("bf16", CPU));
        Assert.Equal(ComputePrecision.Fp32, MixedPrecision.Resolve("fp32", new Device(DeviceType.CUDA)));
        Assert.Null(MixedPrecision.Enter(ComputePrecision.Fp32, CPU));
    }

    [Fact]
    public void Inside_the_region_linear_runs_in_bf16_layer_norm_stays_fp32_and_the_state_is_restored()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 8);
        var w = randn(16, 8);
        var gain = ones(8);
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
        using (Autocast.Enter(DeviceType.CPU, ScalarType.BFloat16))
        {
            Assert.True(Autocast.IsEnabled(DeviceType.CPU));
            Assert.Equal(ScalarType.BFloat16, F.linear(x, w).dtype);
            Assert.Equal(ScalarType.Float32, F.layer_norm(x, [8], gain).dtype);
            using (Autocast.Enter(DeviceType.CPU, ScalarType.BFloat16))
                Assert.Equal(ScalarType.BFloat16, matmul(x, w.t()).dtype);
            Assert.True(Autocast.IsEnabled(DeviceType.CPU)); // the inner exit restored the outer region's state
        }
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
        Assert.Equal(ScalarType.Float32, F.linear(x, w).dtype);
    }

    [Fact]
    public void A_bf16_forward_keeps_fp32_weights_and_gradients_and_an_fp32_loss_close_to_fp32s()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = new Gpt(new GptConfig(Vocab, 16, Layers: 2, Heads: 2, Dim: 32));
        var x = randint(0, Vocab, [4, 16], dtype: int64);
        var y = randint(0, Vocab, [4, 16], dtype: int64);

        var fp32 = model.Loss(x, y);
        Tensor bf16;
        using (MixedPrecision.Enter(ComputePrecision.Bf16, CPU)) bf16 = model.Loss(x, y);
        bf16.backward();

        Assert.Equal(ScalarType.Float32, bf16.dtype);
        var (a, b) = (fp32.item<float>(), bf16.item<float>());
        Assert.NotEqual(a, b); // the forward really ran in bf16 ...
        Assert.InRange(b, a - 0.005, a + 0.005); // ... and bf16's 8-bit mantissa moves the loss only in the 3rd decimal
        Assert.All(model.parameters(), p =>
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.Equal(ScalarType.Float32, p.grad!.dtype);
        });
    }

    [Fact]
    public void Precision_bf16_trains_on_cpu_with_losses_close_to_fp32_and_auto_stays_fp32()
    {
        var tokens = TestShards.Write(_dir.Combine("tokens"), Vocab, eos: 0, TestShards.CountingCorpus(shards: 3, docsPerShard: 20, docLength: 40, cycle: 13));
        TrainConfig Config(string name, string precision) => TinyConfig(name, precision, steps: 30);
        var log = new List<string>();

        var auto = new Trainer(Config("auto", "auto"), tokens, log.Add).Run(resume: false);
        var bf16 = new Trainer(Config("bf16", "bf16"), tokens, log.Add).Run(resume: false);

        Assert.Equal("fp32", auto.Summary.Precision);
        Assert.Equal("bf16", bf16.Summary.Precision);
        Assert.Contains(log, l => l.Contains("bf16 autocast (fp32 weights and optimizer)", StringComparison.Ordinal));
        Assert.Equal(0, bf16.Summary.Rollbacks);
        // Same seed and batches: step 1 differs only by bf16 rounding; after 30 steps the runs have drifted apart
        // a little but learned the same pattern.
        Assert.NotEqual(auto.Metrics[0].TrainLoss, bf16.Metrics[0].TrainLoss);
        Assert.InRange(bf16.Metrics[0].TrainLoss, auto.Metrics[0].TrainLoss - 0.005, auto.Metrics[0].TrainLoss + 0.005);
        Assert.True(bf16.Summary.FinalTrainLoss < bf16.Metrics[0].TrainLoss / 2, $"bf16 final {bf16.Summary.FinalTrainLoss}");
        Assert.InRange(bf16.Summary.FinalTrainLoss, auto.Summary.FinalTrainLoss * 0.95, auto.Summary.FinalTrainLoss * 1.05);
        Assert.NotNull(bf16.Summary.FinalValLoss);
        Assert.InRange(bf16.Summary.FinalValLoss!.Value, auto.Summary.FinalValLoss!.Value * 0.95, auto.Summary.FinalValLoss!.Value * 1.05);
    }

    [Fact]
    public void The_autocast_bindings_pass_their_self_check_on_this_libtorch()
    {
        Assert.Null(Autocast.SelfCheck());
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
    }

    [Fact]
    public void A_failed_autocast_self_check_trains_in_fp32_as_an_fp32_run_does_and_says_so_once()
    {
        var tokens = TestShards.Write(_dir.Combine("tokens"), Vocab, eos: 0, TestShards.CountingCorpus(shards: 3, docsPerShard: 20, docLength: 40, cycle: 13));
        TrainConfig Config(string name, string precision) => TinyConfig(name, precision, steps: 10);
        var log = new List<string>();
        var missing = new TrainingHooks { AutocastSelfCheck = () => "NotSupportedException: libtorch has no _ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb" };

        var fallback = new Trainer(Config("fallback", "bf16"), tokens, log.Add, missing).Run(resume: false);
        var fp32 = new Trainer(Config("fp32", "fp32"), tokens, _ => { }).Run(resume: false);

        var line = Assert.Single(log, l => l.Contains("self-check", StringComparison.Ordinal));
        Assert.Contains("bf16 autocast", line);
        Assert.Contains("_ZN2at8autocast20set_autocast_enabled", line);
        Assert.Contains("training in fp32", line);
        Assert.DoesNotContain(log, l => l.Contains("bf16 autocast (fp32 weights", StringComparison.Ordinal));
        Assert.Equal("fp32", fallback.Summary.Precision);
        Assert.Equal(fp32.Metrics.Select(m => m.TrainLoss), fallback.Metrics.Select(m => m.TrainLoss));
        Assert.Equal(fp32.Summary.FinalValLoss, fallback.Summary.FinalValLoss);
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
    }

    [Fact]
    public void The_self_check_is_asked_only_for_bf16()
    {
        int asked = 0;
        string? Check() { asked++; return "broken"; }
        var log = new List<string>();
        Assert.Equal(ComputePrecision.Fp32, MixedPrecision.Verify(ComputePrecision.Fp32, Check, log.Add));
        Assert.Equal(0, asked);
        Assert.Empty(log);
        Assert.Equal(ComputePrecision.Bf16, MixedPrecision.Verify(ComputePrecision.Bf16, () => null, log.Add));
        Assert.Empty(log);
        Assert.Equal(ComputePrecision.Fp32, MixedPrecision.Verify(ComputePrecision.Bf16, Check, log.Add));
        Assert.Equal(1, asked);
        Assert.Single(log);
    }
}
