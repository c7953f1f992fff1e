using DataPipe.Core.Classification.FastText;

namespace DataPipe.Core.Tests.Classification;

/// <summary>The vector adds of the hidden layer against the scalar loops fastText runs: bit-identical on every element.</summary>
public sealed class VectorAddTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(23)]
    [InlineData(100)]
    public void ScaledAddEqualsTheScalarLoopBitForBit(int length)
    {
        var random = new Random(length);
        for (int round = 0; round < 200; round++)
        {
            float[] vector = Values(random, length), values = Values(random, length);
            float alpha = (float)(random.NextDouble() * 4 - 2);
            float[] expected = (float[])vector.Clone();
            for (int i = 0; i < length; i++) expected[i] += alpha * values[i];
            VectorAdd.AddScaled(vector, values, alpha);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), vector.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(41)]
    public void AddEqualsTheScalarLoopBitForBit(int length)
    {
        var random = new Random(length);
        float[] vector = Values(random, length), values = Values(random, length);
        float[] expected = (float[])vector.Clone();
        for (int i = 0; i < length; i++) expected[i] += values[i];
        VectorAdd.Add(vector, values);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), vector.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void LengthsMustAgree() => Assert.Throws<ArgumentException>(() => VectorAdd.Add(new float[4], new float[3]));

    // Magnitudes over many orders, so a fused multiply-add or a reordered sum would round differently.
    private static float[] Values(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 6)))).ToArray();
}
