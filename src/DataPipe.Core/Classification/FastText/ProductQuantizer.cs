namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// fastText's product quantizer: a vector of <c>dim</c> floats is cut into <c>nsubq</c> slices of <c>dsub</c>
/// (the last one <c>lastdsub</c>), and each slice is one byte naming one of 256 centroids of that slice.
/// </summary>
public sealed class ProductQuantizer
{
    public const int CentroidsPerSlice = 256;

    private readonly float[] _centroids;

    private ProductQuantizer(int dim, int slices, int sliceDim, int lastSliceDim, float[] centroids)
    {
        Dim = dim;
        Slices = slices;
        SliceDim = sliceDim;
        LastSliceDim = lastSliceDim;
        _centroids = centroids;
    }

    public int Dim { get; }
    public int Slices { get; }
    public int SliceDim { get; }
    public int LastSliceDim { get; }

    /// <summary>The centroid that <paramref name="code"/> names in slice <paramref name="slice"/>.</summary>
    public ReadOnlySpan<float> Centroid(int slice, byte code) => slice == Slices - 1
        ? _centroids.AsSpan(slice * CentroidsPerSlice * SliceDim + code * LastSliceDim, LastSliceDim)
        : _centroids.AsSpan((slice * CentroidsPerSlice + code) * SliceDim, SliceDim);

    /// <summary><c>vector += alpha · decode(codes)</c>, slice by slice as fastText's <c>addcode</c>.</summary>
    public void AddCode(Span<float> vector, ReadOnlySpan<byte> codes, float alpha)
    {
        for (int m = 0; m < Slices; m++)
        {
            ReadOnlySpan<float> c = Centroid(m, codes[m]);
            Span<float> x = vector.Slice(m * SliceDim, c.Length);
            for (int n = 0; n < c.Length; n++) x[n] += alpha * c[n];
        }
    }

    /// <summary>
    /// <see cref="AddCode"/> done as decode-then-add: each element still gets <c>+= alpha · c</c> once, rounded the same,
    /// so the sum is bit-identical, but the adds run a vector at a time instead of two floats per slice.
    /// <paramref name="scratch"/> holds the decoded row (<see cref="Dim"/> floats).
    /// </summary>
    public void AddCodeVectorized(Span<float> vector, ReadOnlySpan<byte> codes, float alpha, Span<float> scratch)
    {
        Decode(codes, scratch);
        VectorAdd.AddScaled(vector[..Dim], scratch[..Dim], alpha);
    }

    private void Decode(ReadOnlySpan<byte> codes, Span<float> into)
    {
        if (SliceDim == 2 && LastSliceDim == 2)
        {
            // Two floats per slice: move each centroid as one 8-byte word.
            ReadOnlySpan<ulong> centroids = System.Runtime.InteropServices.MemoryMarshal.Cast<float, ulong>(_centroids);
            Span<ulong> words = System.Runtime.InteropServices.MemoryMarshal.Cast<float, ulong>(into);
            for (int m = 0; m < Slices; m++) words[m] = centroids[m * CentroidsPerSlice + codes[m]];
            return;
        }
        for (int m = 0; m < Slices; m++) Centroid(m, codes[m]).CopyTo(into[(m * SliceDim)..]);
    }

    /// <summary><c>alpha · (vector · decode(codes))</c>, summed in fastText's <c>mulcode</c> order.</summary>
    public float MulCode(ReadOnlySpan<float> vector, ReadOnlySpan<byte> codes, float alpha)
    {
        float res = 0f;
        for (int m = 0; m < Slices; m++)
        {
            ReadOnlySpan<float> c = Centroid(m, codes[m]);
            ReadOnlySpan<float> x = vector.Slice(m * SliceDim, c.Length);
            for (int n = 0; n < c.Length; n++) res += x[n] * c[n];
        }
        return res * alpha;
    }

    internal static ProductQuantizer Read(FastTextReader reader)
    {
        int dim = reader.Int32();
        int slices = reader.Int32();
        int sliceDim = reader.Int32();
        int lastSliceDim = reader.Int32();
        if (dim <= 0 || dim > 1 << 16 || slices <= 0 || sliceDim <= 0 || lastSliceDim <= 0 || lastSliceDim > sliceDim
            || (long)(slices - 1) * sliceDim + lastSliceDim != dim)
            throw reader.Invalid($"product quantizer (dim {dim}, {slices} slices of {sliceDim}, last {lastSliceDim}) is inconsistent");
        float[] centroids = reader.Floats((long)dim * CentroidsPerSlice);
        return new ProductQuantizer(dim, slices, sliceDim, lastSliceDim, centroids);
    }
}
