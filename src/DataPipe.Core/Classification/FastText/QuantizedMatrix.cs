namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// fastText's <c>QuantMatrix</c> (the matrices of a <c>.ftz</c>): each row is <c>nsubq</c> product-quantizer codes,
/// and with <c>qnorm</c> the row was normalized before quantizing and its norm is quantized apart (one byte per row,
/// decoded by a one-dimensional quantizer) and multiplied back in.
/// </summary>
public sealed class QuantizedMatrix : IFastTextMatrix
{
    private readonly byte[] _codes;
    private readonly ProductQuantizer _quantizer;
    private readonly byte[]? _normCodes;
    private readonly ProductQuantizer? _normQuantizer;

    private QuantizedMatrix(long rows, int columns, byte[] codes, ProductQuantizer quantizer, byte[]? normCodes, ProductQuantizer? normQuantizer)
    {
        Rows = rows;
        Columns = columns;
        _codes = codes;
        _quantizer = quantizer;
        _normCodes = normCodes;
        _normQuantizer = normQuantizer;
    }

    public long Rows { get; }
    public int Columns { get; }
    public ReadOnlySpan<byte> Codes(int row) => _codes.AsSpan(row * _quantizer.Slices, _quantizer.Slices);

    public float Norm(int row) => _normCodes is null ? 1f : _normQuantizer!.Centroid(0, _normCodes[row])[0];

    public void AddRowTo(Span<float> vector, int row)
    {
        if (Columns > 512)
        {
            _quantizer.AddCode(vector, Codes(row), Norm(row));
            return;
        }
        Span<float> decoded = stackalloc float[Columns];
        _quantizer.AddCodeVectorized(vector, Codes(row), Norm(row), decoded);
    }

    public float DotRow(ReadOnlySpan<float> vector, int row) => _quantizer.MulCode(vector, Codes(row), Norm(row));

    internal ProductQuantizer Quantizer => _quantizer;

    internal static QuantizedMatrix Read(FastTextReader reader)
    {
        bool qnorm = reader.Bool();
        long rows = reader.Int64();
        long columns = reader.Int64();
        int codeSize = reader.Int32();
        if (rows < 0 || columns <= 0 || columns > 1 << 16 || codeSize < 0)
            throw reader.Invalid($"quantized matrix of {rows} × {columns} with {codeSize} code bytes is not loadable");
        byte[] codes = reader.Bytes(codeSize);
        var quantizer = ProductQuantizer.Read(reader);
        if (quantizer.Dim != columns || (long)quantizer.Slices * rows != codeSize)
            throw reader.Invalid($"quantized matrix of {rows} × {columns} does not match its {codeSize} codes of {quantizer.Slices} slices");
        byte[]? normCodes = null;
        ProductQuantizer? normQuantizer = null;
        if (qnorm)
        {
            normCodes = reader.Bytes(rows);
            normQuantizer = ProductQuantizer.Read(reader);
            if (normQuantizer.Dim != 1) throw reader.Invalid("norm quantizer is not one-dimensional");
        }
        return new QuantizedMatrix(rows, (int)columns, codes, quantizer, normCodes, normQuantizer);
    }
}
