using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace DataPipe.Training.Model;

/// <summary>
/// A GPT-2-style decoder (after nanoGPT): token + position embeddings, pre-LayerNorm blocks of causal
/// self-attention and a GELU MLP, a final LayerNorm and an output head tied to the token embedding.
/// Field names are the state_dict keys, matching GPT-2's (<c>h.0.attn.c_attn.weight</c>, …).
/// </summary>
public sealed class Gpt : Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;

    public GptConfig Config { get; }

    public Gpt(GptConfig config) : base("gpt")
    {
        config.Validate();
        Config = config;
        wte = Embedding(config.VocabSize, config.Dim);
        wpe = Embedding(config.ContextLength, config.Dim);
        h = new ModuleList<Block>(Enumerable.Range(0, config.Layers).Select(_ => new Block(config)).ToArray());
        ln_f = LayerNorm(config.Dim);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>Logits <c>[B, T, vocab]</c> for token ids <c>[B, T]</c>.</summary>
    public override Tensor forward(Tensor idx)
    {
        using var scope = NewDisposeScope();
        var t = idx.shape[1];
        if (t > Config.ContextLength) throw new ArgumentException($"sequence of {t} tokens is longer than the context ({Config.ContextLength})");
        var pos = arange(t, dtype: int64, device: idx.device);
        var x = wte.forward(idx) + wpe.forward(pos);
        foreach (var block in h) x = block.forward(x);
        x = ln_f.forward(x);
        return F.linear(x, wte.weight!).MoveToOuterDisposeScope();
    }

    /// <summary>Mean next-token cross-entropy of <paramref name="inputs"/> predicting <paramref name="targets"/>, in fp32.</summary>
    public Tensor Loss(Tensor inputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        // Under bf16 autocast the head's logits come out bf16; the softmax over the vocabulary and the loss that the
        // spike guard and the logs see are taken in fp32 (a no-op cast in fp32 runs).
        var logits = forward(inputs).to(float32);
        return F.cross_entropy(logits.view(-1, Config.VocabSize), targets.reshape(-1)).MoveToOuterDisposeScope();
    }

    public long ParameterCount() => parameters().Sum(p => p.numel());

    // GPT-2: N(0, 0.02) for weights and embeddings, zero biases, and residual projections scaled by 1/sqrt(2·layers)
    // so the residual stream's variance does not grow with depth.
    private void InitializeWeights()
    {
        using var _ = no_grad();
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) init.zeros_(p);
            else if (name.StartsWith("ln", StringComparison.Ordinal) || name.Contains(".ln_", StringComparison.Ordinal)) init.ones_(p);
            else if (name.EndsWith("c_proj.weight", StringComparison.Ordinal)) init.normal_(p, 0.0, residualStd);
            else init.normal_(p, 0.0, 0.02);
        }
    }

    private sealed class Block : Module<Tensor, Tensor>
    {
        private readonly LayerNorm ln_1;
        private readonly CausalSelfAttention attn;
        private readonly LayerNorm ln_2;
        private readonly Mlp mlp;

        public Block(GptConfig config) : base("block")
        {
            ln_1 = LayerNorm(config.Dim);
            attn = new CausalSelfAttention(config);
            ln_2 = LayerNorm(config.Dim);
            mlp = new Mlp(config);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            x = x + attn.forward(ln_1.forward(x));
            x = x + mlp.forward(ln_2.forward(x));
            return x.MoveToOuterDisposeScope();
        }
    }

    private sealed class CausalSelfAttention : Module<Tensor, Tensor>
    {
        private readonly Linear c_attn;
        private readonly Linear c_proj;
        private readonly int _heads;
        private readonly double _dropout;

        public CausalSelfAttention(GptConfig config) : base("attn")
        {
            c_attn = Linear(config.Dim, 3 * config.Dim);
            c_proj = Linear(config.Dim, config.Dim);
            _heads = config.Heads;
            _dropout = config.Dropout;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            long b = x.shape[0], t = x.shape[1], c = x.shape[2];
            var qkv = c_attn.forward(x).split(c, dim: 2);
            var q = qkv[0].view(b, t, _heads, c / _heads).transpose(1, 2);
            var k = qkv[1].view(b, t, _heads, c / _heads).transpose(1, 2);
            var v = qkv[2].view(b, t, _heads, c / _heads).transpose(1, 2);
            // TorchSharp spells the causal-mask flag `is_casual`.
            var y = F.scaled_dot_product_attention(q, k, v, p: training ? _dropout : 0.0, is_casual: true);
            y = y.transpose(1, 2).contiguous().view(b, t, c);
            return c_proj.forward(y).MoveToOuterDisposeScope();
        }
    }

    private sealed class Mlp : Module<Tensor, Tensor>
    {
        private readonly Linear c_fc;
        private readonly Linear c_proj;

        public Mlp(GptConfig config) : base("mlp")
        {
            c_fc = Linear(config.Dim, 4 * config.Dim);
            c_proj = Linear(4 * config.Dim, config.Dim);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return c_proj.forward(F.gelu(c_fc.forward(x))).MoveToOuterDisposeScope();
        }
    }
}
