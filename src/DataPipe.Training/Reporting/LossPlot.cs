using DataPipe.Core.IO;

namespace DataPipe.Training.Reporting;

/// <summary>The loss curve (train and validation against step) as a PNG.</summary>
public static class LossPlot
{
    public static void Save(IReadOnlyList<MetricsRow> rows, string path, double? referenceLoss = null)
    {
        var plot = new ScottPlot.Plot();
        var train = rows.Where(r => double.IsFinite(r.TrainLoss)).ToArray();
        if (train.Length > 0)
        {
            var line = plot.Add.Scatter(train.Select(r => (double)r.Step).ToArray(), train.Select(r => r.TrainLoss).ToArray());
            line.LegendText = "train";
            line.MarkerSize = 0;
        }
        var val = rows.Where(r => r.ValLoss is { } v && double.IsFinite(v)).ToArray();
        if (val.Length > 0)
        {
            var line = plot.Add.Scatter(val.Select(r => (double)r.Step).ToArray(), val.Select(r => r.ValLoss!.Value).ToArray());
            line.LegendText = "validation";
        }
        if (referenceLoss is { } reference)
        {
            var h = plot.Add.HorizontalLine(reference);
            h.LegendText = "ln(vocab)";
        }
        plot.Title("Training loss");
        plot.XLabel("step");
        plot.YLabel("cross-entropy (nats/token)");
        plot.ShowLegend();
        var bytes = plot.GetImageBytes(900, 540, ScottPlot.ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
