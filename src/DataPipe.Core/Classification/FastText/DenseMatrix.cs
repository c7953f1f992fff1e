namespace DataPipe.Core.Classification.FastText;

/// <summary>fastText's <c>DenseMatrix</c>: rows × columns floats, row-major.</summary>
public sealed class DenseMatrix : IFastTextMatrix
{
    private readonly float[] _data;

    public DenseMatrix(long rows, int columns, float[] data)
    {
        if (data.LongLength != rows * columns) throw new ArgumentException("matrix data does not match its shape", nameof(data));
        Rows = rows;
        Columns = columns;
        _data = data;
    }

    public long Rows { get; }
    public int Columns { get; }

    /// <summary>Every element, row-major (the model writer saves them as they are).</summary>
    internal ReadOnlySpan<float> Data => _data;

    public ReadOnlySpan<float> Row(int row) => _data.AsSpan(checked(row * Columns), Columns);

    public void AddRowTo(Span<float> vector, int row)
    {
        ReadOnlySpan<float> r = Row(row);
        VectorAdd.Add(vector[..r.Length], r);
    }

    public float DotRow(ReadOnlySpan<float> vector, int row)
    {
        ReadOnlySpan<float> r = Row(row);
        vector = vector[..r.Length];
        float d = 0f;
        for (int j = 0; j < r.Length; j++) d += r[j] * vector[j];
        return d;
    }

    internal static DenseMatrix Read(FastTextReader reader)
    {
        long rows = reader.Int64();
        long columns = reader.Int64();
        if (rows < 0 || columns <= 0 || columns > 1 << 16 || rows * columns > Array.MaxLength)
            throw reader.Invalid($"dense matrix of {rows} × {columns} is not loadable");
        float[] data = reader.Floats(rows * columns);
        return new DenseMatrix(rows, (int)columns, data);
    }
}
