using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DataPipe.Core.Classification.Training;

/// <summary>
/// The SGD kernels on 8-float vectors. Always <see cref="Vector256{T}"/> (emulated where AVX is missing) and never
/// fused multiply-add, so every sum is taken in the same order on every machine: a seed gives the same bytes.
/// Callers pass spans of equal length (rows of one matrix width); the loops read through refs without bounds checks.
/// </summary>
internal static class VectorMath
{
    /// <summary><c>dst += a * src</c>.</summary>
    public static void AddScaled(Span<float> dst, ReadOnlySpan<float> src, float a)
    {
        int n = dst.Length, i = 0;
        if (src.Length < n) throw new ArgumentException("source shorter than destination", nameof(src));
        ref float d = ref MemoryMarshal.GetReference(dst);
        ref float s = ref MemoryMarshal.GetReference(src);
        var va = Vector256.Create(a);
        for (; i <= n - 8; i += 8)
            (Vector256.LoadUnsafe(ref d, (nuint)i) + Vector256.LoadUnsafe(ref s, (nuint)i) * va).StoreUnsafe(ref d, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref d, i) += a * Unsafe.Add(ref s, i);
    }

    /// <summary><c>dst += src</c>.</summary>
    public static void Add(Span<float> dst, ReadOnlySpan<float> src)
    {
        int n = dst.Length, i = 0;
        if (src.Length < n) throw new ArgumentException("source shorter than destination", nameof(src));
        ref float d = ref MemoryMarshal.GetReference(dst);
        ref float s = ref MemoryMarshal.GetReference(src);
        for (; i <= n - 8; i += 8)
            (Vector256.LoadUnsafe(ref d, (nuint)i) + Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref d, i) += Unsafe.Add(ref s, i);
    }

    public static void Scale(Span<float> dst, float a)
    {
        int n = dst.Length, i = 0;
        ref float d = ref MemoryMarshal.GetReference(dst);
        var va = Vector256.Create(a);
        for (; i <= n - 8; i += 8) (Vector256.LoadUnsafe(ref d, (nuint)i) * va).StoreUnsafe(ref d, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref d, i) *= a;
    }

    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length, i = 0;
        if (y.Length < n) throw new ArgumentException("second vector shorter than the first", nameof(y));
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float b = ref MemoryMarshal.GetReference(y);
        var acc = Vector256<float>.Zero;
        for (; i <= n - 8; i += 8) acc += Vector256.LoadUnsafe(ref a, (nuint)i) * Vector256.LoadUnsafe(ref b, (nuint)i);
        // Lanes summed in a fixed order (not Vector256.Sum, whose order is the hardware's).
        float sum = 0f;
        for (int k = 0; k < 8; k++) sum += acc.GetElement(k);
        for (; i < n; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }
}
