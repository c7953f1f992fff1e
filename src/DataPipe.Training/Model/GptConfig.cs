namespace DataPipe.Training.Model;

/// <summary>The decoder's shape: vocabulary and EOS come from the token manifest, the rest from train.yaml.</summary>
public sealed record GptConfig(int VocabSize, int ContextLength, int Layers, int Heads, int Dim, double Dropout = 0.0)
{
    public void Validate()
    {
        if (VocabSize <= 0 || ContextLength <= 0 || Layers <= 0 || Heads <= 0 || Dim <= 0)
            throw new ArgumentException("model sizes must be positive");
        if (Dim % Heads != 0) throw new ArgumentException($"model.dim {Dim} must be divisible by model.heads {Heads}");
    }

    /// <summary>Parameter count of the tied model (token embedding counted once), without building it.</summary>
    public long ParameterCount()
    {
        long d = Dim;
        var perBlock = 2 * (2 * d) + (d * 3 * d + 3 * d) + (d * d + d) + (d * 4 * d + 4 * d) + (4 * d * d + d);
        return (long)VocabSize * d + (long)ContextLength * d + Layers * perBlock + 2 * d;
    }
}
