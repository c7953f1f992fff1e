namespace DataPipe.Core.Reporting.Model;

/// <summary>The <c>histograms</c> section: UTF-8 document sizes of the final pass.</summary>
public sealed record SizeHistograms
{
    public IReadOnlyList<HistogramRow> DocBytesRead { get; set; } = [];
    public IReadOnlyList<HistogramRow> DocBytesKept { get; set; } = [];
}

/// <summary>One bucket of a <see cref="Log2Histogram"/>: values in [low, high).</summary>
public sealed record HistogramRow(long Low, long High, long Count)
{
    public static IReadOnlyList<HistogramRow> Of(Log2Histogram histogram) =>
        histogram.Rows().Select(r => new HistogramRow(r.Low, r.High, r.Count)).ToList();
}
