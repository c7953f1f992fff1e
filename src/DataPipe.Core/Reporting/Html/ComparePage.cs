using System.Globalization;

namespace DataPipe.Core.Reporting.Html;

/// <summary>A self-contained page comparing two builds (what changed in the funnel, drop rates, token totals).</summary>
public static class ComparePage
{
    public static string Render(ReportComparison comparison)
    {
        var h = new HtmlBuilder();
        h.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DataPipe build comparison</title><style>")
         .Raw("body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px}table{border-collapse:collapse}th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}th:first-child,td:first-child{text-align:left}.up{color:#1a7f37}.down{color:#b42318}")
         .Raw("</style></head><body><h1>Build comparison</h1><p>before <code>").Text(comparison.Before).Raw("</code><br>after <code>").Text(comparison.After).Raw("</code></p>");
        foreach (var group in comparison.Rows.GroupBy(r => r.Section))
        {
            bool rate = group.Key == "drop_rate";
            h.Raw("<h2>").Text(group.Key.Replace('_', ' ')).Raw("</h2><table><tr><th>name</th><th>before</th><th>after</th><th>change</th></tr>");
            foreach (var row in group)
            {
                string css = row.Change > 0 ? "up" : row.Change < 0 ? "down" : "";
                h.Raw("<tr><td>").Text(row.Name).Raw("</td><td>").Text(Show(row.Before, rate)).Raw("</td><td>").Text(Show(row.After, rate))
                 .Raw($"<td class=\"{css}\">").Text(Delta(row, rate)).Raw("</td></tr>");
            }
            h.Raw("</table>");
        }
        h.Raw("</body></html>\n");
        return h.ToString();
    }

    public static string Show(double value, bool rate) =>
        rate ? value.ToString("P2", CultureInfo.InvariantCulture) : value.ToString("#,0.###", CultureInfo.InvariantCulture);

    public static string Delta(ReportComparison.Row row, bool rate)
    {
        string sign = row.Change > 0 ? "+" : "";
        if (rate) return sign + (row.Change * 100).ToString("0.00", CultureInfo.InvariantCulture) + " pp";
        string rel = row.RelativeChange is { } r ? $" ({(r > 0 ? "+" : "")}{r.ToString("P1", CultureInfo.InvariantCulture)})" : "";
        return sign + row.Change.ToString("#,0.###", CultureInfo.InvariantCulture) + rel;
    }
}
