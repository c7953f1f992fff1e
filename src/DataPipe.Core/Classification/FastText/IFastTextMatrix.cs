namespace DataPipe.Core.Classification.FastText;

/// <summary>A model's input or output matrix, dense or product-quantized. Read-only, so shared by all threads.</summary>
public interface IFastTextMatrix
{
    long Rows { get; }
    int Columns { get; }

    /// <summary><c>vector += row</c>, in column order (the order fastText adds in, so sums are bit-identical).</summary>
    void AddRowTo(Span<float> vector, int row);

    /// <summary><c>row · vector</c>, summed in column order as fastText does.</summary>
    float DotRow(ReadOnlySpan<float> vector, int row);
}
