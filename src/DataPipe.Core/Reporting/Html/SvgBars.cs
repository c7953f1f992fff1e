using System.Globalization;
using System.Net;
using System.Text;

namespace DataPipe.Core.Reporting.Html;

/// <summary>One bar: its label, the report path of the value it shows (or of the object key it names, when
/// <c>LabelIsKeyName</c>), and its length.</summary>
public readonly record struct Bar(string Label, string? LabelPath, double Value, bool LabelIsKeyName = false);

/// <summary>
/// A horizontal bar chart as inline SVG, drawn by the project (no script, no network). It draws no numbers:
/// the values are in the table printed beside each chart, tagged with their report paths.
/// </summary>
public static class SvgBars
{
    public static string Render(IReadOnlyList<Bar> bars, string color = "#3b6ea8")
    {
        const int rowHeight = 20, labelWidth = 300, barWidth = 340;
        double max = bars.Count == 0 ? 1 : Math.Max(1e-12, bars.Max(b => b.Value));
        var sb = new StringBuilder();
        int height = Math.Max(rowHeight, bars.Count * rowHeight);
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" width=\"{labelWidth + barWidth + 10}\" height=\"{height}\" viewBox=\"0 0 {labelWidth + barWidth + 10} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (int i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            double w = Math.Max(bar.Value > 0 ? 1 : 0, bar.Value / max * barWidth);
            int y = i * rowHeight;
            string key = bar.LabelPath is null ? "" : $" {(bar.LabelIsKeyName ? "data-key-name" : "data-key")}=\"{WebUtility.HtmlEncode(bar.LabelPath)}\"";
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\" class=\"bar-label\"{key}>{WebUtility.HtmlEncode(bar.Label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{w:F1}\" height=\"{rowHeight - 6}\" fill=\"{color}\" rx=\"2\"/>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}
