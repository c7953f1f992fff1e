using System.Net;
using System.Text.Json.Nodes;

namespace DataPipe.Core.Reporting.Html;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, no network) drawn from report.json.
/// Each chart has the numbers it draws in a table beside it; each number and name carries the report path it
/// came from (<c>data-key</c>, or <c>data-key-name</c> for object keys), and the page's own words contain no digits,
/// so every number on the page can be checked against report.json.
/// </summary>
public static class ReportPage
{
    /// <param name="lossPlot">The training run's loss.png, embedded when the report has a training section.</param>
    public static string Render(JsonObject report, string? lossPlot = null)
    {
        var h = new HtmlBuilder();
        h.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DataPipe build report</title><style>")
         .Raw(Css).Raw("</style></head><body>");
        h.Raw("<header><h1>DataPipe build report: ").Value(report["pipeline"], "pipeline").Raw("</h1>")
         .Raw("<p class=\"meta\">build ").Value(report["build"], "build", "code").Raw(" · config ").Value(report["config_hash"], "config_hash", "code").Raw("</p></header>");

        Totals(h, report);
        Funnel(h, report);
        DropReasons(h, report);
        Languages(h, report);
        StageCounters(h, report);
        Histograms(h, report["histograms"] as JsonObject, "histograms", "Document sizes in bytes");
        Throughput(h, report);
        Inputs(h, report);
        Training(h, report, lossPlot);
        foreach (var (key, value) in report)
        {
            if (BuildReport.CoreSections.Contains(key) || value is null) continue;
            h.Raw("<section><h2 data-key-name=\"").Text(key).Raw("\">").Text(key).Raw("</h2>");
            Generic(h, value, key);
            h.Raw("</section>");
        }
        h.Raw("</body></html>\n");
        return h.ToString();
    }

    private static void Totals(HtmlBuilder h, JsonObject report)
    {
        if (report["totals"] is not JsonObject totals) return;
        h.Raw("<section><h2>Totals</h2><table class=\"kv\">");
        // Nested tables (not_documents) get a section of their own.
        foreach (var (key, value) in totals.Where(p => p.Value is JsonValue))
            h.Raw("<tr><th>").Text(Words(key)).Raw("</th>").Value(value, HtmlBuilder.Path("totals", key), "td").Raw("</tr>");
        h.Raw("</table></section>");
    }

    private static void Funnel(HtmlBuilder h, JsonObject report)
    {
        if (report["stages"] is not JsonArray stages || stages.Count == 0) return;
        h.Raw("<section><h2>Removal funnel</h2><p>Documents read, then left after each stage, in pipeline order.</p><div class=\"pair\">");
        // The first bar is the input, so the first stage's cut shows against what it was given.
        var bars = new List<Bar> { new("input", null, HtmlBuilder.Number(stages[0]!["docs_in"])) };
        bars.AddRange(stages.Select((s, i) => new Bar(s!["name"]!.ToString(), HtmlBuilder.Path("stages", i, "name"), HtmlBuilder.Number(s["docs_out"]))));
        h.Raw(SvgBars.Render(bars));
        h.Raw("<table><tr><th>stage</th><th>docs in</th><th>docs out</th><th>dropped</th><th>bytes in</th><th>bytes out</th></tr>");
        for (int i = 0; i < stages.Count; i++)
        {
            var s = stages[i]!;
            h.Raw("<tr>").Value(s["name"], HtmlBuilder.Path("stages", i, "name"), "td");
            foreach (var k in new[] { "docs_in", "docs_out", "docs_dropped", "bytes_in", "bytes_out" })
                h.Value(s[k], HtmlBuilder.Path("stages", i, k), "td");
            h.Raw("</tr>");
        }
        h.Raw("</table></div></section>");
    }

    private static void DropReasons(HtmlBuilder h, JsonObject report)
    {
        if (report["stages"] is not JsonArray stages) return;
        var rows = new List<(int Stage, string Reason, JsonNode Node)>();
        for (int i = 0; i < stages.Count; i++)
            if (stages[i]!["drops"] is JsonObject drops)
                foreach (var (reason, node) in drops) rows.Add((i, reason, node!));
        if (rows.Count == 0) return;
        h.Raw("<section><h2>Drop reasons</h2><p>Per stage, in the order its rules are checked: the first rule a document fails is the one that drops it.</p><div class=\"pair\">");
        h.Raw(SvgBars.Render(rows.Select(r => new Bar(r.Reason, HtmlBuilder.Path("stages", r.Stage, "drops", r.Reason), HtmlBuilder.Number(r.Node["docs"]), LabelIsKeyName: true)).ToList(), "#b5533c"));
        h.Raw("<table><tr><th>stage</th><th>reason</th><th>docs</th><th>bytes</th></tr>");
        foreach (var (stage, reason, node) in rows)
        {
            string path = HtmlBuilder.Path("stages", stage, "drops", reason);
            h.Raw("<tr>").Value(stages[stage]!["name"], HtmlBuilder.Path("stages", stage, "name"), "td")
             .Raw($"<td data-key-name=\"{WebUtility.HtmlEncode(path)}\">").Text(reason).Raw("</td>")
             .Value(node["docs"], path + "/docs", "td").Value(node["bytes"], path + "/bytes", "td").Raw("</tr>");
        }
        h.Raw("</table></div></section>");
    }

    private const string LanguageDocs = "docs.", LanguageBytes = "bytes.";

    /// <summary>Documents and bytes per language, from the <c>docs.&lt;lang&gt;</c> and <c>bytes.&lt;lang&gt;</c> counters
    /// <c>language_id</c> keeps: a chart of documents, most first, and a table of both.</summary>
    private static void Languages(HtmlBuilder h, JsonObject report)
    {
        if (report["stages"] is not JsonArray stages) return;
        for (int i = 0; i < stages.Count; i++)
        {
            var stage = stages[i]!;
            if (stage["counters"] is not JsonObject counters) continue;
            var languages = counters.Where(p => p.Key.StartsWith(LanguageDocs, StringComparison.Ordinal))
                .Select(p => (Language: p.Key[LanguageDocs.Length..], Docs: HtmlBuilder.Number(p.Value)))
                .OrderByDescending(l => l.Docs).ThenBy(l => l.Language, StringComparer.Ordinal).ToList();
            if (languages.Count == 0) continue;
            h.Raw("<section><h2>Languages seen by ").Value(stage["name"], HtmlBuilder.Path("stages", i, "name")).Raw("</h2>")
             .Raw("<p>Documents and bytes of text per language, before the stage keeps or drops them.</p><div class=\"pair\">");
            h.Raw(SvgBars.Render(languages.Select(l => new Bar(l.Language, null, l.Docs)).ToList(), "#2f7f7a"));
            h.Raw("<table><tr><th>language</th><th>docs</th><th>bytes</th></tr>");
            foreach (var (language, _) in languages)
            {
                h.Raw("<tr><td>").Text(language).Raw("</td>")
                 .Value(counters[LanguageDocs + language], HtmlBuilder.Path("stages", i, "counters", LanguageDocs + language), "td")
                 .Value(counters[LanguageBytes + language], HtmlBuilder.Path("stages", i, "counters", LanguageBytes + language), "td").Raw("</tr>");
            }
            h.Raw("</table></div></section>");
        }
    }

    private static bool IsLanguageCounter(string key) =>
        key.StartsWith(LanguageDocs, StringComparison.Ordinal) || key.StartsWith(LanguageBytes, StringComparison.Ordinal);

    /// <summary>Counts a stage keeps of its own (PII spans by type, dedup clusters…); per-language counts have their
    /// own section.</summary>
    private static void StageCounters(HtmlBuilder h, JsonObject report)
    {
        if (report["stages"] is not JsonArray stages) return;
        for (int i = 0; i < stages.Count; i++)
        {
            var stage = stages[i]!;
            var counters = stage["counters"] is JsonObject all
                ? new JsonObject(all.Where(p => !IsLanguageCounter(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())))
                : null;
            var resolve = stage["resolve"] as JsonObject;
            if ((counters is null || counters.Count == 0) && resolve is null) continue;
            h.Raw("<section><h2>Stage ").Value(stage["name"], HtmlBuilder.Path("stages", i, "name")).Raw(": counts</h2>");
            if (counters is { Count: > 0 })
            {
                h.Raw("<div class=\"pair\">");
                h.Raw(SvgBars.Render(counters.Select(p => new Bar(p.Key, HtmlBuilder.Path("stages", i, "counters", p.Key), HtmlBuilder.Number(p.Value), LabelIsKeyName: true)).ToList(), "#5b8c3a"));
                KeyValueTable(h, counters, HtmlBuilder.Path("stages", i, "counters"));
                h.Raw("</div>");
            }
            if (resolve is not null) Generic(h, resolve, HtmlBuilder.Path("stages", i, "resolve"));
            h.Raw("</section>");
        }
    }

    private static void Histograms(HtmlBuilder h, JsonObject? histograms, string path, string title)
    {
        if (histograms is null || histograms.Count == 0) return;
        h.Raw("<section><h2>").Text(title).Raw("</h2>");
        foreach (var (name, value) in histograms)
        {
            if (value is not JsonArray rows || !IsHistogram(rows)) continue;
            h.Raw("<h3 data-key-name=\"").Text(HtmlBuilder.Path(path, name)).Raw("\">").Text(name).Raw("</h3>");
            Histogram(h, rows, HtmlBuilder.Path(path, name));
        }
        h.Raw("</section>");
    }

    private static void Histogram(HtmlBuilder h, JsonArray rows, string path)
    {
        h.Raw("<div class=\"pair\">");
        h.Raw(SvgBars.Render(rows.Select(r => new Bar("", null, HtmlBuilder.Number(r!["count"]))).ToList(), "#7a5ba8"));
        h.Raw("<table><tr><th>from</th><th>below</th><th>count</th></tr>");
        for (int i = 0; i < rows.Count; i++)
            h.Raw("<tr>").Value(rows[i]!["low"], HtmlBuilder.Path(path, i, "low"), "td").Value(rows[i]!["high"], HtmlBuilder.Path(path, i, "high"), "td")
             .Value(rows[i]!["count"], HtmlBuilder.Path(path, i, "count"), "td").Raw("</tr>");
        h.Raw("</table></div>");
    }

    private static bool IsHistogram(JsonArray rows) =>
        rows.Count > 0 && rows.All(r => r is JsonObject o && o.ContainsKey("low") && o.ContainsKey("high") && o.ContainsKey("count"));

    private static void Throughput(HtmlBuilder h, JsonObject report)
    {
        if (report["stages"] is not JsonArray stages) return;
        h.Raw("<section><h2>Time and throughput</h2><div class=\"pair\">");
        h.Raw(SvgBars.Render(stages.Select((s, i) => new Bar(s!["name"]!.ToString(), HtmlBuilder.Path("stages", i, "name"), HtmlBuilder.Number(s["seconds"]))).ToList(), "#c08a1e"));
        h.Raw("<table><tr><th>stage</th><th>seconds</th><th>docs per second</th><th>MB per second</th></tr>");
        for (int i = 0; i < stages.Count; i++)
        {
            var s = stages[i]!;
            h.Raw("<tr>").Value(s["name"], HtmlBuilder.Path("stages", i, "name"), "td")
             .Value(s["seconds"], HtmlBuilder.Path("stages", i, "seconds"), "td")
             .Value(s["docs_per_second"], HtmlBuilder.Path("stages", i, "docs_per_second"), "td")
             .Value(s["mb_per_second"], HtmlBuilder.Path("stages", i, "mb_per_second"), "td").Raw("</tr>");
        }
        h.Raw("</table></div>");
        if (report["phases"] is JsonArray phases)
        {
            h.Raw("<h3>Phases</h3><table><tr><th>phase</th><th>kind</th><th>tasks</th><th>task seconds</th><th>input bytes</th></tr>");
            for (int i = 0; i < phases.Count; i++)
            {
                h.Raw("<tr>");
                foreach (var k in new[] { "name", "kind", "tasks", "task_seconds", "input_bytes" })
                    h.Value(phases[i]![k], HtmlBuilder.Path("phases", i, k), "td");
                h.Raw("</tr>");
            }
            h.Raw("</table>");
        }
        h.Raw("</section>");
    }

    private static void Inputs(HtmlBuilder h, JsonObject report)
    {
        if (report["inputs"] is not JsonObject inputs) return;
        h.Raw("<section><h2>Inputs</h2><table class=\"kv\">")
         .Raw("<tr><th>shards</th>").Value(inputs["shards"], "inputs/shards", "td").Raw("</tr>")
         .Raw("<tr><th>bytes</th>").Value(inputs["bytes"], "inputs/bytes", "td").Raw("</tr></table>");
        if (report["totals"]?["not_documents"] is JsonObject lost)
        {
            h.Raw("<h3>Not documents</h3>");
            KeyValueTable(h, lost, "totals/not_documents");
        }
        if (inputs["reader"] is JsonObject reader && reader.Count > 0)
        {
            h.Raw("<h3>Reader counts</h3>");
            KeyValueTable(h, reader, "inputs/reader");
        }
        var missing = inputs["missing"] as JsonArray ?? [];
        h.Raw("<h3>Missing inputs</h3>");
        if (missing.Count == 0) h.Raw("<p>none</p>");
        else
        {
            h.Raw("<ul>");
            for (int i = 0; i < missing.Count; i++) h.Raw("<li>").Value(missing[i], HtmlBuilder.Path("inputs", "missing", i), "code").Raw("</li>");
            h.Raw("</ul>");
        }
        if (inputs["skipped"] is JsonArray { Count: > 0 } skipped)
        {
            h.Raw("<h3>Skipped input files</h3>");
            Generic(h, skipped, "inputs/skipped");
        }
        var damaged = inputs["damaged"] as JsonArray ?? [];
        h.Raw("<h3>Inputs with quarantined records</h3>");
        if (damaged.Count == 0) h.Raw("<p>none</p>");
        else Generic(h, damaged, "inputs/damaged");
        h.Raw("</section>");
    }

    private static void Training(HtmlBuilder h, JsonObject report, string? lossPlot)
    {
        if (report["training"] is not JsonObject training) return;
        h.Raw("<section><h2>Training run</h2><p>run <code data-key=\"training/run\">").Text(training["run"]?.ToString() ?? "").Raw("</code></p>");
        if (training["summary"] is JsonObject summary) Generic(h, summary, "training/summary");
        h.Raw("<h3>Loss curve</h3><div class=\"pair\">");
        if (lossPlot is not null)
            h.Raw($"<img alt=\"training loss by step\" width=\"560\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(lossPlot))}\">");
        if (training["loss_curve"] is JsonArray curve) Generic(h, curve, "training/loss_curve");
        h.Raw("</div></section>");
    }

    private static void KeyValueTable(HtmlBuilder h, JsonObject values, string path)
    {
        h.Raw("<table class=\"kv\">");
        foreach (var (key, value) in values)
        {
            string p = HtmlBuilder.Path(path, key);
            h.Raw($"<tr><th data-key-name=\"{WebUtility.HtmlEncode(p)}\">").Text(key).Raw("</th>").Value(value, p, "td").Raw("</tr>");
        }
        h.Raw("</table>");
    }

    /// <summary>Any other section a stage added: scalars as key/value rows, arrays of records as tables, histograms as charts.</summary>
    private static void Generic(HtmlBuilder h, JsonNode node, string path)
    {
        switch (node)
        {
            case JsonArray rows when IsHistogram(rows):
                Histogram(h, rows, path);
                break;
            case JsonArray rows when rows.All(r => r is JsonObject):
                var columns = rows.SelectMany(r => ((JsonObject)r!).Where(p => p.Value is JsonValue).Select(p => p.Key)).Distinct().ToList();
                h.Raw("<table><tr>");
                foreach (var c in columns) h.Raw("<th>").Text(Words(c)).Raw("</th>");
                h.Raw("</tr>");
                for (int i = 0; i < rows.Count; i++)
                {
                    h.Raw("<tr>");
                    foreach (var c in columns) h.Value(rows[i]![c], HtmlBuilder.Path(path, i, c), "td");
                    h.Raw("</tr>");
                }
                h.Raw("</table>");
                break;
            case JsonArray items:
                h.Raw("<ul>");
                for (int i = 0; i < items.Count; i++)
                {
                    h.Raw("<li>");
                    if (items[i] is JsonValue) h.Value(items[i], HtmlBuilder.Path(path, i));
                    else Generic(h, items[i]!, HtmlBuilder.Path(path, i));
                    h.Raw("</li>");
                }
                h.Raw("</ul>");
                break;
            case JsonObject obj:
                var scalars = obj.Where(p => p.Value is JsonValue).ToList();
                if (scalars.Count > 0)
                {
                    h.Raw("<table class=\"kv\">");
                    foreach (var (key, value) in scalars)
                    {
                        string p = HtmlBuilder.Path(path, key);
                        h.Raw($"<tr><th data-key-name=\"{WebUtility.HtmlEncode(p)}\">").Text(key).Raw("</th>").Value(value, p, "td").Raw("</tr>");
                    }
                    h.Raw("</table>");
                }
                foreach (var (key, value) in obj.Where(p => p.Value is not JsonValue && p.Value is not null))
                {
                    string p = HtmlBuilder.Path(path, key);
                    h.Raw($"<h3 data-key-name=\"{WebUtility.HtmlEncode(p)}\">").Text(key).Raw("</h3>");
                    Generic(h, value!, p);
                }
                break;
            default:
                h.Value(node, path);
                break;
        }
    }

    private static string Words(string key) => key.Replace('_', ' ');

    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px} h3{font-size:15px;margin:16px 0 6px}
        .meta{color:#666;margin:0} code{font-size:12px;background:#f4f4f4;padding:1px 4px;border-radius:3px}
        table{border-collapse:collapse;margin:6px 0;font-variant-numeric:tabular-nums} th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:right} th:first-child,td:first-child{text-align:left}
        table.kv th{text-align:left;font-weight:normal;color:#555}
        .pair{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap} .chart{flex:none} .bar-label{font-size:12px;fill:#333}
        section{page-break-inside:avoid}
        """;
}
