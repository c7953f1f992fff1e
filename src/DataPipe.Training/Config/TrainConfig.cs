using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;

namespace DataPipe.Training.Config;

/// <summary>
/// <c>train.yaml</c>: every key is optional. Read by the same binder as pipeline files, so a wrong value or an
/// unknown key is one line naming file:line:column and the key (docs/training.md lists every key).
/// </summary>
public sealed class TrainConfig
{
    public string Out { get; set; } = "out/train";
    [Range(0, int.MaxValue)] public int Seed { get; set; } = 1337;
    [Choice("auto", "cpu", "cuda")] public string Device { get; set; } = "auto";
    [Range(0, 4096)] public int Threads { get; set; }
    /// <summary>auto (bf16 autocast on CUDA, fp32 on CPU), fp32, or bf16 (autocast; master weights stay fp32).</summary>
    [Choice("auto", "fp32", "bf16")] public string Precision { get; set; } = "auto";
    public ModelSection Model { get; set; } = new();
    public DataSection Data { get; set; } = new();
    public OptimSection Optim { get; set; } = new();
    public GuardSection Guard { get; set; } = new();
    public CheckpointSection Checkpoint { get; set; } = new();

    public sealed class ModelSection : IValidatedOptions
    {
        [Range(1, 1024)] public int Layers { get; set; } = 2;
        [Range(1, 1024)] public int Heads { get; set; } = 4;
        [Range(1, 1 << 20)] public int Dim { get; set; } = 128;
        [Range(0, 0.99)] public double Dropout { get; set; }

        public IEnumerable<(string Key, string Problem)> Problems()
        {
            if (Dim % Heads != 0) yield return ("dim", $"must be divisible by heads ({Heads}), got {Dim}");
        }
    }

    public sealed class DataSection
    {
        [Range(1, 1 << 20)] public int SeqLen { get; set; } = 64;
        [Range(1, 1 << 20)] public int BatchSize { get; set; } = 16;
        [Range(0, int.MaxValue)] public int ValShards { get; set; } = 1;
        [Range(0, int.MaxValue)] public int EvalInterval { get; set; } = 50;
        [Range(0, int.MaxValue)] public int EvalBatches { get; set; } = 8;
    }

    public sealed class OptimSection : IValidatedOptions
    {
        [Range(1e-12, 100)] public double Lr { get; set; } = 1e-3;
        [Range(0, 100)] public double MinLr { get; set; } = 1e-4;
        [Range(0, int.MaxValue)] public int WarmupSteps { get; set; } = 20;
        [Range(1, int.MaxValue)] public int MaxSteps { get; set; } = 300;
        /// <summary>0 = decay over max_steps.</summary>
        [Range(0, int.MaxValue)] public int DecaySteps { get; set; }
        [Range(0, 100)] public double WeightDecay { get; set; } = 0.1;
        [Range(0, 0.999999)] public double Beta1 { get; set; } = 0.9;
        [Range(0, 0.999999)] public double Beta2 { get; set; } = 0.95;
        [Range(1e-30, 1)] public double Eps { get; set; } = 1e-8;
        /// <summary>0 = no clipping.</summary>
        [Range(0, double.MaxValue)] public double GradClip { get; set; } = 1.0;
        [Range(1, 1 << 20)] public int GradAccum { get; set; } = 1;

        public IEnumerable<(string Key, string Problem)> Problems()
        {
            if (MinLr > Lr) yield return ("min_lr", FormattableString.Invariant($"must not exceed lr ({Lr}), got {MinLr}"));
        }
    }

    public sealed class GuardSection
    {
        [Range(1, double.MaxValue)] public double SpikeFactor { get; set; } = 3.0;
        [Range(1, int.MaxValue)] public int Window { get; set; } = 32;
        [Range(0, int.MaxValue)] public int MinHistory { get; set; } = 10;
        [Range(0, int.MaxValue)] public int MaxRollbacks { get; set; } = 5;
    }

    public sealed class CheckpointSection
    {
        [Range(1, int.MaxValue)] public int Every { get; set; } = 100;
        [Range(1, int.MaxValue)] public int Keep { get; set; } = 3;
    }

    public static TrainConfig Load(string path)
    {
        if (!File.Exists(path)) throw new TrainConfigException($"{path}: file not found");
        try
        {
            var root = OptionsNode.Parse(path, File.ReadAllText(path), emptyMeansDefaults: true);
            return OptionBinder.BindAll<TrainConfig>(root);
        }
        catch (ConfigException e)
        {
            throw new TrainConfigException(e.Message);
        }
    }

    /// <summary>Checks a config that code built against the same declarations the file is read with.</summary>
    public void Validate(string source)
    {
        try
        {
            OptionBinder.Check(this, source);
        }
        catch (ConfigException e)
        {
            throw new TrainConfigException(e.Message);
        }
    }
}

public sealed class TrainConfigException(string message) : Exception(message);
