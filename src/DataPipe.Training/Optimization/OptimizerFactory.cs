using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPipe.Training.Optimization;

/// <summary>AdamW hyper-parameters; the defaults are nanoGPT's and llm.c's.</summary>
public sealed record AdamWSettings(double Beta1 = 0.9, double Beta2 = 0.95, double Eps = 1e-8, double WeightDecay = 0.1);

/// <summary>
/// Builds AdamW with two parameter groups: weight matrices and embeddings (rank ≥ 2) get decoupled weight
/// decay; biases and LayerNorm gains (rank 1) get none, since shrinking them towards zero only hurts.
/// </summary>
public static class OptimizerFactory
{
    public static (IReadOnlyList<Parameter> Decay, IReadOnlyList<Parameter> NoDecay) Split(nn.Module module)
    {
        var parameters = module.parameters().Where(p => p.requires_grad).ToList();
        return (parameters.Where(p => p.dim() >= 2).ToList(), parameters.Where(p => p.dim() < 2).ToList());
    }

    public static AdamW Create(nn.Module module, double lr, AdamWSettings settings)
    {
        var (decay, noDecay) = Split(module);
        return optim.AdamW(new[]
        {
            new AdamW.ParamGroup(decay, lr: lr, beta1: settings.Beta1, beta2: settings.Beta2, eps: settings.Eps, weight_decay: settings.WeightDecay, amsgrad: false, maximize: false),
            new AdamW.ParamGroup(noDecay, lr: lr, beta1: settings.Beta1, beta2: settings.Beta2, eps: settings.Eps, weight_decay: 0.0, amsgrad: false, maximize: false),
        });
    }

    public static void SetLearningRate(AdamW optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }
}
