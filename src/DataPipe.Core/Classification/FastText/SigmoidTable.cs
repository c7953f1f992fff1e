namespace DataPipe.Core.Classification.FastText;

/// <summary>fastText's sigmoid: a 512-entry table over [-8, 8], clamped outside. Prediction and training must read
/// the same table, or a trained model would score differently in the CLI.</summary>
public static class SigmoidTable
{
    private const int TableSize = 512;
    private const int MaxSigmoid = 8;
    private static readonly float[] Table = Build();

    private static float[] Build()
    {
        var table = new float[TableSize + 1];
        for (int i = 0; i <= TableSize; i++)
        {
            float x = (float)(i * 2 * MaxSigmoid) / TableSize - MaxSigmoid;
            table[i] = (float)(1.0 / (1.0 + MathF.Exp(-x)));
        }
        return table;
    }

    public static float Sigmoid(float x)
    {
        if (x < -MaxSigmoid) return 0f;
        if (x > MaxSigmoid) return 1f;
        return Table[(long)((x + MaxSigmoid) * TableSize / MaxSigmoid / 2)];
    }
}
