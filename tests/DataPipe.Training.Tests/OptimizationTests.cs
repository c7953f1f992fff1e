using DataPipe.Training.Model;
using DataPipe.Training.Optimization;
using static TorchSharp.torch;

namespace DataPipe.Training.Tests;

[Collection(TorchCollection.Name)]
public sealed class OptimizationTests
{
    private static Gpt TinyModel()
    {
        manual_seed(1);
        return new Gpt(new GptConfig(VocabSize: 32, ContextLength: 8, Layers: 1, Heads: 2, Dim: 16));
    }

    [Fact]
    public void The_model_has_the_GPT2_parameter_count_and_a_tied_head()
    {
        using var model = TinyModel();
        Assert.Equal(model.Config.ParameterCount(), model.ParameterCount());
        Assert.DoesNotContain(model.named_parameters(), p => p.name.Contains("lm_head", StringComparison.Ordinal));
        using var logits = model.forward(zeros(2, 8, dtype: int64));
        Assert.Equal(new long[] { 2, 8, 32 }, logits.shape);
    }

    [Fact]
    public void Weight_decay_applies_to_matrices_and_embeddings_only()
    {
        using var model = TinyModel();
        var (decay, noDecay) = OptimizerFactory.Split(model);
        Assert.Equal(6, decay.Count);   // wte, wpe, c_attn, attn.c_proj, c_fc, mlp.c_proj
        Assert.Equal(10, noDecay.Count); // 4 biases, 3 LayerNorms × (weight, bias)
        Assert.All(decay, p => Assert.Equal(2, p.dim()));

        // With zero gradients, an AdamW step only applies decoupled decay: p ← p·(1 − lr·wd).
        using var optimizer = OptimizerFactory.Create(model, lr: 0.1, new AdamWSettings(WeightDecay: 0.5));
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        optimizer.zero_grad();
        foreach (var p in model.parameters()) p.grad = zeros_like(p);
        optimizer.step();
        foreach (var (name, p) in model.named_parameters())
        {
            var expected = p.dim() >= 2 ? before[name] * (1 - 0.1 * 0.5) : before[name];
            Assert.True(allclose(p, expected, rtol: 1e-6, atol: 1e-7), name);
        }
    }

    [Fact]
    public void Gradients_are_clipped_to_the_global_norm()
    {
        using var model = TinyModel();
        using var loss = model.Loss(randint(0, 32, [4, 8]), randint(0, 32, [4, 8])) * 1000;
        loss.backward();
        var parameters = model.parameters().ToArray();
        var norm = nn.utils.clip_grad_norm_(parameters, 1.0);
        Assert.True(norm > 1.0, $"pre-clip norm {norm}");
        var clipped = Math.Sqrt(parameters.Sum(p => p.grad!.pow(2).sum().item<float>()));
        Assert.Equal(1.0, clipped, 3);
    }
}
