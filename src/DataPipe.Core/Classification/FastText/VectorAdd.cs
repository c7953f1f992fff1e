using System.Runtime.Intrinsics;

namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// Element-wise adds for the hidden vector. Each element gets exactly the scalar loop's operations (a float multiply,
/// then a float add; the JIT never fuses them), so results are bit-identical to fastText's loops; only the element
/// order within one add changes, which no element sees.
/// </summary>
public static class VectorAdd
{
    /// <summary><c>vector[i] += alpha · values[i]</c>.</summary>
    public static void AddScaled(Span<float> vector, ReadOnlySpan<float> values, float alpha)
    {
        if (values.Length != vector.Length) throw new ArgumentException("lengths differ", nameof(values));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i <= vector.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.Create(vector[i..]) + a * Vector256.Create(values[i..])).CopyTo(vector[i..]);
        }
        for (; i < vector.Length; i++) vector[i] += alpha * values[i];
    }

    /// <summary><c>vector[i] += values[i]</c>.</summary>
    public static void Add(Span<float> vector, ReadOnlySpan<float> values)
    {
        if (values.Length != vector.Length) throw new ArgumentException("lengths differ", nameof(values));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= vector.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.Create(vector[i..]) + Vector256.Create(values[i..])).CopyTo(vector[i..]);
        }
        for (; i < vector.Length; i++) vector[i] += values[i];
    }
}
