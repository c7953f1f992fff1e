using DataPipe.Core.Reporting;
using DataPipe.Core.Reporting.Html;

namespace DataPipe.Core.Tests.Reporting;

public sealed class TrainingRunSectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadsTheCurveAndSummaryAndThePageShowsThemWithThePlot()
    {
        var lines = new List<string> { "step,train_loss,val_loss,lr,grad_norm,tokens_per_s,event" };
        for (int step = 1; step <= 150; step++)
            lines.Add($"{step},{6.0 - step * 0.01:0.0000},{(step % 50 == 0 ? (6.1 - step * 0.01).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "")},0.001,0.5,900,");
        File.WriteAllLines(_dir.File("metrics.csv"), lines);
        File.WriteAllText(_dir.File("summary.json"), """{"parameters":470000,"tokens_seen":300000,"tokens_per_parameter":0.64}""");
        File.WriteAllBytes(_dir.File("loss.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);

        var section = TrainingRunSection.Read(_dir.Path)!;
        var curve = section.LossCurve;
        Assert.InRange(curve.Count, 50, TrainingRunSection.MaxPoints + 1);
        Assert.Equal(1, curve[0].Step);
        Assert.Equal(150, curve[^1].Step);
        Assert.Equal(4.5, curve[^1].TrainLoss, 9);
        Assert.Equal(4.6, curve[^1].ValLoss!.Value, 9);
        Assert.Null(curve[1].ValLoss);
        Assert.Equal(470000, section.Summary!["parameters"]!.GetValue<long>());

        var report = new BuildReport { Pipeline = "p", Training = section };
        string html = ReportPage.Render(BuildReport.Parse(report.ToJson()), TrainingRunSection.LossPlot(_dir.Path));
        Assert.Contains("data:image/png;base64,iVBORwECAw==", html);
        Assert.Contains("data-key=\"training/loss_curve/0/train_loss\">5.99<", html);
        Assert.Contains("data-key=\"training/summary/parameters\">470,000<", html);
    }

    [Fact]
    public void EveryValidationPointIsKeptWhateverTheStride()
    {
        var lines = new List<string> { "step,train_loss,val_loss,lr,grad_norm,tokens_per_s,event" };
        for (int step = 1; step <= 600; step++)
            lines.Add($"{step},5.5,{(step % 7 == 0 ? "5.25" : "")},0.001,0.5,900,");
        File.WriteAllLines(_dir.File("metrics.csv"), lines);

        var curve = TrainingRunSection.Read(_dir.Path)!.LossCurve;
        var validated = curve.Where(p => p.ValLoss is not null).Select(p => p.Step).ToList();
        Assert.Equal(Enumerable.Range(1, 600).Where(s => s % 7 == 0).Select(s => (long)s), validated);
        Assert.Equal(600, curve[^1].Step);
    }

    [Fact]
    public void NoRunNoSection() => Assert.Null(TrainingRunSection.Read(_dir.File("absent")));
}
