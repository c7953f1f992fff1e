using System.Globalization;
using System.Text.Json.Nodes;
using DataPipe.Core.Reporting.Model;

namespace DataPipe.Core.Reporting;

/// <summary>
/// The <c>training</c> section of a report, read from a training run folder (summary.json, metrics.csv, loss.png)
/// — the run <see cref="TrainingRunLinks"/> finds for the build. The loss curve goes into report.json as numbers
/// (about <see cref="MaxPoints"/> evenly spaced steps, plus every step with a validation loss, which are few and
/// each one counts), so the page can show them beside the plot.
/// </summary>
public static class TrainingRunSection
{
    public const int MaxPoints = 60;

    public static string DefaultFolder(string buildRoot) => Path.Combine(buildRoot, "train");

    public static TrainingReport? Read(string folder)
    {
        string metrics = Path.Combine(folder, "metrics.csv");
        if (!File.Exists(metrics)) return null;
        string summary = Path.Combine(folder, "summary.json");
        return new TrainingReport
        {
            Run = Path.GetFullPath(folder),
            Summary = File.Exists(summary) ? JsonNode.Parse(File.ReadAllText(summary)) as JsonObject : null,
            LossCurve = Curve(File.ReadAllLines(metrics)),
        };
    }

    /// <summary>The plot the trainer drew, if any (embedded in report.html).</summary>
    public static string? LossPlot(string? folder) =>
        folder is not null && File.Exists(Path.Combine(folder, "loss.png")) ? Path.Combine(folder, "loss.png") : null;

    private static List<LossPoint> Curve(string[] lines)
    {
        if (lines.Length < 2) return [];
        var header = lines[0].Split(',');
        int step = Array.IndexOf(header, "step"), train = Array.IndexOf(header, "train_loss"), val = Array.IndexOf(header, "val_loss");
        if (step < 0 || train < 0) return [];
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(c => c.Length > train && c[train].Length > 0).ToList();
        int stride = Math.Max(1, (int)Math.Ceiling(rows.Count / (double)MaxPoints));
        var curve = new List<LossPoint>();
        for (int i = 0; i < rows.Count; i++)
        {
            bool validation = val >= 0 && rows[i].Length > val && rows[i][val].Length > 0;
            if (i % stride != 0 && i != rows.Count - 1 && !validation) continue;
            double? valLoss = val >= 0 && rows[i].Length > val && double.TryParse(rows[i][val], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? Math.Round(v, 4) : null;
            curve.Add(new LossPoint(long.Parse(rows[i][step], CultureInfo.InvariantCulture),
                Math.Round(double.Parse(rows[i][train], CultureInfo.InvariantCulture), 4), valLoss));
        }
        return curve;
    }
}
