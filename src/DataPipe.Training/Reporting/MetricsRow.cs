using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace DataPipe.Training.Reporting;

/// <summary>One line of metrics.csv.</summary>
public sealed record MetricsRow(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("val_loss")] double? ValLoss,
    [property: JsonPropertyName("lr")] double Lr,
    [property: JsonPropertyName("grad_norm")] double GradNorm,
    [property: JsonPropertyName("tokens_per_s")] double TokensPerSecond,
    [property: JsonPropertyName("event")] string Event)
{
    public const string Header = "step,train_loss,val_loss,lr,grad_norm,tokens_per_s,event";

    public string ToCsv()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(',',
            Step.ToString(c), TrainLoss.ToString("R", c), ValLoss?.ToString("R", c) ?? "", Lr.ToString("R", c),
            GradNorm.ToString("R", c), TokensPerSecond.ToString("F1", c), Quote(Event));
    }

    public static string ToCsv(IEnumerable<MetricsRow> rows)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var row in rows) sb.Append(row.ToCsv()).Append('\n');
        return sb.ToString();
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
