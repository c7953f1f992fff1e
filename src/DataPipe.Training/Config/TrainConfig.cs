using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DataPipe.Training.Config;

/// <summary><c>train.yaml</c>: every key is optional; unknown keys are an error with the file and line.</summary>
public sealed class TrainConfig
{
    public string Out { get; set; } = "out/train";
    public int Seed { get; set; } = 1337;
    public string Device { get; set; } = "auto";
    public int Threads { get; set; }
    /// <summary>auto (bf16 autocast on CUDA, fp32 on CPU), fp32, or bf16 (autocast; master weights stay fp32).</summary>
    public string Precision { get; set; } = "auto";
    public ModelSection Model { get; set; } = new();
    public DataSection Data { get; set; } = new();
    public OptimSection Optim { get; set; } = new();
    public GuardSection Guard { get; set; } = new();
    public CheckpointSection Checkpoint { get; set; } = new();

    public sealed class ModelSection
    {
        public int Layers { get; set; } = 2;
        public int Heads { get; set; } = 4;
        public int Dim { get; set; } = 128;
        public double Dropout { get; set; }
    }

    public sealed class DataSection
    {
        public int SeqLen { get; set; } = 64;
        public int BatchSize { get; set; } = 16;
        public int ValShards { get; set; } = 1;
        public int EvalInterval { get; set; } = 50;
        public int EvalBatches { get; set; } = 8;
    }

    public sealed class OptimSection
    {
        public double Lr { get; set; } = 1e-3;
        public double MinLr { get; set; } = 1e-4;
        public int WarmupSteps { get; set; } = 20;
        public int MaxSteps { get; set; } = 300;
        public int DecaySteps { get; set; }
        public double WeightDecay { get; set; } = 0.1;
        public double Beta1 { get; set; } = 0.9;
        public double Beta2 { get; set; } = 0.95;
        public double Eps { get; set; } = 1e-8;
        public double GradClip { get; set; } = 1.0;
        public int GradAccum { get; set; } = 1;
    }

    public sealed class GuardSection
    {
        public double SpikeFactor { get; set; } = 3.0;
        public int Window { get; set; } = 32;
        public int MinHistory { get; set; } = 10;
        public int MaxRollbacks { get; set; } = 5;
    }

    public sealed class CheckpointSection
    {
        public int Every { get; set; } = 100;
        public int Keep { get; set; } = 3;
    }

    public static TrainConfig Load(string path)
    {
        if (!File.Exists(path)) throw new TrainConfigException($"{path}: file not found");
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        TrainConfig config;
        try
        {
            config = deserializer.Deserialize<TrainConfig?>(File.ReadAllText(path)) ?? new TrainConfig();
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new TrainConfigException($"{path}:{e.Start.Line}: {inner}");
        }
        config.Validate(path);
        return config;
    }

    public void Validate(string source)
    {
        void Require(bool ok, string message)
        {
            if (!ok) throw new TrainConfigException($"{source}: {message}");
        }
        Require(Model.Layers > 0 && Model.Heads > 0 && Model.Dim > 0, "model.layers, model.heads and model.dim must be positive");
        Require(Model.Dim % Model.Heads == 0, $"model.dim ({Model.Dim}) must be divisible by model.heads ({Model.Heads})");
        Require(Model.Dropout is >= 0 and < 1, "model.dropout must be in [0, 1)");
        Require(Data.SeqLen > 0 && Data.BatchSize > 0, "data.seq_len and data.batch_size must be positive");
        Require(Data.ValShards >= 0 && Data.EvalInterval >= 0 && Data.EvalBatches >= 0, "data.val_shards, eval_interval, eval_batches must be ≥ 0");
        Require(Optim.Lr > 0 && Optim.MinLr >= 0 && Optim.MinLr <= Optim.Lr, "optim.lr must be positive and optim.min_lr in [0, lr]");
        Require(Optim.MaxSteps > 0 && Optim.WarmupSteps >= 0 && Optim.GradAccum > 0, "optim.max_steps and grad_accum must be positive, warmup_steps ≥ 0");
        Require(Optim.GradClip >= 0 && Optim.WeightDecay >= 0, "optim.grad_clip and weight_decay must be ≥ 0");
        Require(Guard.Window > 0 && Guard.MinHistory >= 0 && Guard.MaxRollbacks >= 0, "guard.window must be positive, min_history and max_rollbacks ≥ 0");
        Require(Checkpoint.Every > 0 && Checkpoint.Keep > 0, "checkpoint.every and checkpoint.keep must be positive");
        Require(Device is "auto" or "cpu" or "cuda", $"device '{Device}' must be auto, cpu or cuda");
        Require(Precision is "auto" or "fp32" or "bf16", $"precision '{Precision}' must be auto, fp32 or bf16");
    }
}

public sealed class TrainConfigException(string message) : Exception(message);
