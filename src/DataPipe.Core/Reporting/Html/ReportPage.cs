using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.Reporting.Model;

namespace DataPipe.Core.Reporting.Html;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, no network) drawn from report.json.
/// Each chart has the numbers it draws in a table beside it; each number and name carries the report path it
/// came from (<c>data-key</c>, or <c>data-key-name</c> for object keys), and the page's own words contain no digits,
/// so every number on the page can be checked against report.json. Paths are spelled from the model's property
/// names (<see cref="K"/>), so they follow a renamed field.
/// </summary>
public static class ReportPage
{
    /// <param name="lossPlot">The training run's loss.png, embedded when the report has a training section.</param>
    public static string Render(BuildReport report, string? lossPlot = null)
    {
        var h = new HtmlBuilder();
        h.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DataPipe build report</title><style>")
         .Raw(Css).Raw("</style></head><body>");
        h.Raw("<header><h1>DataPipe build report: ").Value(report.Pipeline, K(nameof(BuildReport.Pipeline))).Raw("</h1>")
         .Raw("<p class=\"meta\">build ").Value(report.Build, K(nameof(BuildReport.Build)), "code")
         .Raw(" · config ").Value(report.ConfigHash, K(nameof(BuildReport.ConfigHash)), "code").Raw("</p></header>");

        Totals(h, report.Totals);
        Funnel(h, report.Stages);
        DropReasons(h, report.Stages);
        Languages(h, report.Stages);
        StageCounters(h, report.Stages);
        Histograms(h, report.Histograms);
        Throughput(h, report.Stages, report.Phases);
        Inputs(h, report.Inputs, report.Totals);
        Training(h, report.Training, lossPlot);
        foreach (var (key, value) in report.Sections ?? [])
        {
            if (JsonNode.Parse(value.GetRawText()) is not { } section) continue;
            h.Raw("<section><h2 data-key-name=\"").Text(key).Raw("\">").Text(key).Raw("</h2>");
            Generic(h, section, key);
            h.Raw("</section>");
        }
        h.Raw("</body></html>\n");
        return h.ToString();
    }

    private static string K(string property) => ReportJsonContext.Key(property);

    private static readonly string StagesKey = K(nameof(BuildReport.Stages)), NameKey = K(nameof(StageReport.Name));

    private static string StagePath(int stage, string property) => HtmlBuilder.Path(StagesKey, stage, K(property));

    private static void Totals(HtmlBuilder h, TotalsReport totals)
    {
        string path = K(nameof(BuildReport.Totals));
        h.Raw("<section><h2>Totals</h2><table class=\"kv\">");
        // Nested tables (not_documents) get a section of their own.
        Row(nameof(TotalsReport.DocsRead), HtmlBuilder.Format(totals.DocsRead));
        Row(nameof(TotalsReport.DocsKept), HtmlBuilder.Format(totals.DocsKept));
        Row(nameof(TotalsReport.BytesRead), HtmlBuilder.Format(totals.BytesRead));
        Row(nameof(TotalsReport.BytesKept), HtmlBuilder.Format(totals.BytesKept));
        Row(nameof(TotalsReport.QuarantinedRecords), HtmlBuilder.Format(totals.QuarantinedRecords));
        Row(nameof(TotalsReport.TaskSeconds), HtmlBuilder.Format(totals.TaskSeconds));
        Row(nameof(TotalsReport.FinalPassMbPerSecondPerCore), HtmlBuilder.Format(totals.FinalPassMbPerSecondPerCore));
        h.Raw("</table></section>");

        void Row(string property, string formatted) =>
            h.Raw("<tr><th>").Text(Words(K(property))).Raw("</th>").Value(formatted, HtmlBuilder.Path(path, K(property)), "td").Raw("</tr>");
    }

    private static void Funnel(HtmlBuilder h, IReadOnlyList<StageReport> stages)
    {
        if (stages.Count == 0) return;
        h.Raw("<section><h2>Removal funnel</h2><p>Documents read, then left after each stage, in pipeline order.</p><div class=\"pair\">");
        // The first bar is the input, so the first stage's cut shows against what it was given.
        var bars = new List<Bar> { new("input", null, stages[0].DocsIn) };
        bars.AddRange(stages.Select((s, i) => new Bar(s.Name, StagePath(i, nameof(StageReport.Name)), s.DocsOut)));
        h.Raw(SvgBars.Render(bars));
        h.Raw("<table><tr><th>stage</th><th>docs in</th><th>docs out</th><th>dropped</th><th>bytes in</th><th>bytes out</th></tr>");
        for (int i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            h.Raw("<tr>").Value(s.Name, StagePath(i, nameof(StageReport.Name)), "td")
             .Value(s.DocsIn, StagePath(i, nameof(StageReport.DocsIn)), "td")
             .Value(s.DocsOut, StagePath(i, nameof(StageReport.DocsOut)), "td")
             .Value(s.DocsDropped, StagePath(i, nameof(StageReport.DocsDropped)), "td")
             .Value(s.BytesIn, StagePath(i, nameof(StageReport.BytesIn)), "td")
             .Value(s.BytesOut, StagePath(i, nameof(StageReport.BytesOut)), "td").Raw("</tr>");
        }
        h.Raw("</table></div></section>");
    }

    private static void DropReasons(HtmlBuilder h, IReadOnlyList<StageReport> stages)
    {
        var rows = stages.SelectMany((s, i) => s.Drops.Select(d => (Stage: i, Reason: d.Key, Drop: d.Value))).ToList();
        if (rows.Count == 0) return;
        string drops = K(nameof(StageReport.Drops)), docs = K(nameof(DropReport.Docs)), bytes = K(nameof(DropReport.Bytes));
        h.Raw("<section><h2>Drop reasons</h2><p>Per stage, in the order its rules are checked: the first rule a document fails is the one that drops it.</p><div class=\"pair\">");
        h.Raw(SvgBars.Render(rows.Select(r => new Bar(r.Reason, HtmlBuilder.Path(StagesKey, r.Stage, drops, r.Reason), r.Drop.Docs, LabelIsKeyName: true)).ToList(), "#b5533c"));
        h.Raw("<table><tr><th>stage</th><th>reason</th><th>docs</th><th>bytes</th></tr>");
        foreach (var (stage, reason, drop) in rows)
        {
            string path = HtmlBuilder.Path(StagesKey, stage, drops, reason);
            h.Raw("<tr>").Value(stages[stage].Name, HtmlBuilder.Path(StagesKey, stage, NameKey), "td")
             .Raw($"<td data-key-name=\"{WebUtility.HtmlEncode(path)}\">").Text(reason).Raw("</td>")
             .Value(drop.Docs, HtmlBuilder.Path(path, docs), "td").Value(drop.Bytes, HtmlBuilder.Path(path, bytes), "td").Raw("</tr>");
        }
        h.Raw("</table></div></section>");
    }

    private const string LanguageDocs = "docs.", LanguageBytes = "bytes.";

    /// <summary>Documents and bytes per language, from the <c>docs.&lt;lang&gt;</c> and <c>bytes.&lt;lang&gt;</c> counters
    /// <c>language_id</c> keeps: a chart of documents, most first, and a table of both.</summary>
    private static void Languages(HtmlBuilder h, IReadOnlyList<StageReport> stages)
    {
        for (int i = 0; i < stages.Count; i++)
        {
            var counters = stages[i].Counters;
            var languages = counters.Where(p => p.Key.StartsWith(LanguageDocs, StringComparison.Ordinal))
                .Select(p => (Language: p.Key[LanguageDocs.Length..], Docs: p.Value))
                .OrderByDescending(l => l.Docs).ThenBy(l => l.Language, StringComparer.Ordinal).ToList();
            if (languages.Count == 0) continue;
            string path = StagePath(i, nameof(StageReport.Counters));
            h.Raw("<section><h2>Languages seen by ").Value(stages[i].Name, StagePath(i, nameof(StageReport.Name))).Raw("</h2>")
             .Raw("<p>Documents and bytes of text per language, before the stage keeps or drops them.</p><div class=\"pair\">");
            h.Raw(SvgBars.Render(languages.Select(l => new Bar(l.Language, null, l.Docs)).ToList(), "#2f7f7a"));
            h.Raw("<table><tr><th>language</th><th>docs</th><th>bytes</th></tr>");
            foreach (var (language, docs) in languages)
            {
                string bytes = counters.TryGetValue(LanguageBytes + language, out long b) ? HtmlBuilder.Format(b) : "";
                h.Raw("<tr><td>").Text(language).Raw("</td>")
                 .Value(docs, HtmlBuilder.Path(path, LanguageDocs + language), "td")
                 .Value(bytes, HtmlBuilder.Path(path, LanguageBytes + language), "td").Raw("</tr>");
            }
            h.Raw("</table></div></section>");
        }
    }

    private static bool IsLanguageCounter(string key) =>
        key.StartsWith(LanguageDocs, StringComparison.Ordinal) || key.StartsWith(LanguageBytes, StringComparison.Ordinal);

    /// <summary>Counts a stage keeps of its own (PII spans by type, dedup clusters…); per-language counts have their
    /// own section.</summary>
    private static void StageCounters(HtmlBuilder h, IReadOnlyList<StageReport> stages)
    {
        for (int i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var counters = stage.Counters.Where(p => !IsLanguageCounter(p.Key)).ToList();
            if (counters.Count == 0 && stage.Resolve is null) continue;
            string path = StagePath(i, nameof(StageReport.Counters));
            h.Raw("<section><h2>Stage ").Value(stage.Name, StagePath(i, nameof(StageReport.Name))).Raw(": counts</h2>");
            if (counters.Count > 0)
            {
                h.Raw("<div class=\"pair\">");
                h.Raw(SvgBars.Render(counters.Select(p => new Bar(p.Key, HtmlBuilder.Path(path, p.Key), p.Value, LabelIsKeyName: true)).ToList(), "#5b8c3a"));
                KeyValueTable(h, counters, path);
                h.Raw("</div>");
            }
            if (stage.Resolve is not null) Resolve(h, stage.Resolve, StagePath(i, nameof(StageReport.Resolve)));
            h.Raw("</section>");
        }
    }

    private static void Resolve(HtmlBuilder h, IReadOnlyDictionary<string, ResolveReport> phases, string path)
    {
        foreach (var (name, phase) in phases)
        {
            string p = HtmlBuilder.Path(path, name);
            KeyName(h, "h3", p, name);
            h.Raw("<table class=\"kv\">");
            KeyValueRow(h, K(nameof(ResolveReport.Tasks)), HtmlBuilder.Format(phase.Tasks), p);
            KeyValueRow(h, K(nameof(ResolveReport.Seconds)), HtmlBuilder.Format(phase.Seconds), p);
            h.Raw("</table>");
            string counters = HtmlBuilder.Path(p, K(nameof(ResolveReport.Counters)));
            KeyName(h, "h3", counters, K(nameof(ResolveReport.Counters)));
            if (phase.Counters.Count > 0) KeyValueTable(h, phase.Counters, counters);
        }
    }

    private static void Histograms(HtmlBuilder h, SizeHistograms? histograms)
    {
        if (histograms is null) return;
        string path = K(nameof(BuildReport.Histograms));
        h.Raw("<section><h2>Document sizes in bytes</h2>");
        foreach (var (property, rows) in new[] { (nameof(SizeHistograms.DocBytesRead), histograms.DocBytesRead), (nameof(SizeHistograms.DocBytesKept), histograms.DocBytesKept) })
        {
            if (rows.Count == 0) continue;
            string name = K(property);
            KeyName(h, "h3", HtmlBuilder.Path(path, name), name);
            Histogram(h, rows, HtmlBuilder.Path(path, name));
        }
        h.Raw("</section>");
    }

    private static void Histogram(HtmlBuilder h, IReadOnlyList<HistogramRow> rows, string path)
    {
        string low = K(nameof(HistogramRow.Low)), high = K(nameof(HistogramRow.High)), count = K(nameof(HistogramRow.Count));
        h.Raw("<div class=\"pair\">");
        h.Raw(SvgBars.Render(rows.Select(r => new Bar("", null, r.Count)).ToList(), "#7a5ba8"));
        h.Raw("<table><tr><th>from</th><th>below</th><th>count</th></tr>");
        for (int i = 0; i < rows.Count; i++)
            h.Raw("<tr>").Value(rows[i].Low, HtmlBuilder.Path(path, i, low), "td").Value(rows[i].High, HtmlBuilder.Path(path, i, high), "td")
             .Value(rows[i].Count, HtmlBuilder.Path(path, i, count), "td").Raw("</tr>");
        h.Raw("</table></div>");
    }

    private static void Throughput(HtmlBuilder h, IReadOnlyList<StageReport> stages, IReadOnlyList<PhaseReport> phases)
    {
        h.Raw("<section><h2>Time and throughput</h2><div class=\"pair\">");
        h.Raw(SvgBars.Render(stages.Select((s, i) => new Bar(s.Name, StagePath(i, nameof(StageReport.Name)), s.Seconds)).ToList(), "#c08a1e"));
        h.Raw("<table><tr><th>stage</th><th>seconds</th><th>docs per second</th><th>MB per second</th></tr>");
        for (int i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            h.Raw("<tr>").Value(s.Name, StagePath(i, nameof(StageReport.Name)), "td")
             .Value(s.Seconds, StagePath(i, nameof(StageReport.Seconds)), "td")
             .Value(s.DocsPerSecond, StagePath(i, nameof(StageReport.DocsPerSecond)), "td")
             .Value(s.MbPerSecond, StagePath(i, nameof(StageReport.MbPerSecond)), "td").Raw("</tr>");
        }
        h.Raw("</table></div>");
        h.Raw("<h3>Phases</h3><table><tr><th>phase</th><th>kind</th><th>tasks</th><th>task seconds</th><th>input bytes</th></tr>");
        string phasesKey = K(nameof(BuildReport.Phases));
        for (int i = 0; i < phases.Count; i++)
        {
            var p = phases[i];
            string Path(string property) => HtmlBuilder.Path(phasesKey, i, K(property));
            h.Raw("<tr>").Value(p.Name, Path(nameof(PhaseReport.Name)), "td").Value(p.Kind, Path(nameof(PhaseReport.Kind)), "td")
             .Value(p.Tasks, Path(nameof(PhaseReport.Tasks)), "td").Value(p.TaskSeconds, Path(nameof(PhaseReport.TaskSeconds)), "td")
             .Value(p.InputBytes, Path(nameof(PhaseReport.InputBytes)), "td").Raw("</tr>");
        }
        h.Raw("</table>");
        h.Raw("</section>");
    }

    private static void Inputs(HtmlBuilder h, InputsReport inputs, TotalsReport totals)
    {
        string path = K(nameof(BuildReport.Inputs));
        h.Raw("<section><h2>Inputs</h2><table class=\"kv\">")
         .Raw("<tr><th>shards</th>").Value(inputs.Shards, HtmlBuilder.Path(path, K(nameof(InputsReport.Shards))), "td").Raw("</tr>")
         .Raw("<tr><th>bytes</th>").Value(inputs.Bytes, HtmlBuilder.Path(path, K(nameof(InputsReport.Bytes))), "td").Raw("</tr></table>");
        if (totals.NotDocuments is { } lost)
        {
            h.Raw("<h3>Not documents</h3>");
            KeyValueTable(h, lost, HtmlBuilder.Path(K(nameof(BuildReport.Totals)), K(nameof(TotalsReport.NotDocuments))));
        }
        if (inputs.Reader.Count > 0)
        {
            h.Raw("<h3>Reader counts</h3>");
            KeyValueTable(h, inputs.Reader, HtmlBuilder.Path(path, K(nameof(InputsReport.Reader))));
        }
        h.Raw("<h3>Missing inputs</h3>");
        if (inputs.Missing.Count == 0) h.Raw("<p>none</p>");
        else
        {
            h.Raw("<ul>");
            for (int i = 0; i < inputs.Missing.Count; i++)
                h.Raw("<li>").Value(inputs.Missing[i], HtmlBuilder.Path(path, K(nameof(InputsReport.Missing)), i), "code").Raw("</li>");
            h.Raw("</ul>");
        }
        if (inputs.Skipped.Count > 0)
        {
            h.Raw("<h3>Skipped input files</h3>");
            Generic(h, ToNode(inputs.Skipped, ReportJsonContext.Default.IReadOnlyListSkippedInput), HtmlBuilder.Path(path, K(nameof(InputsReport.Skipped))));
        }
        h.Raw("<h3>Inputs with quarantined records</h3>");
        if (inputs.Damaged.Count == 0) h.Raw("<p>none</p>");
        else Generic(h, ToNode(inputs.Damaged, ReportJsonContext.Default.IReadOnlyListDamagedInput), HtmlBuilder.Path(path, K(nameof(InputsReport.Damaged))));
        h.Raw("</section>");
    }

    private static void Training(HtmlBuilder h, TrainingReport? training, string? lossPlot)
    {
        if (training is null) return;
        string path = K(nameof(BuildReport.Training));
        h.Raw("<section><h2>Training run</h2><p>run ").Value(training.Run, HtmlBuilder.Path(path, K(nameof(TrainingReport.Run))), "code").Raw("</p>");
        if (training.Summary is { } summary) Generic(h, summary, HtmlBuilder.Path(path, K(nameof(TrainingReport.Summary))));
        h.Raw("<h3>Loss curve</h3><div class=\"pair\">");
        if (lossPlot is not null)
            h.Raw($"<img alt=\"training loss by step\" width=\"560\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(lossPlot))}\">");
        Generic(h, ToNode(training.LossCurve, ReportJsonContext.Default.IReadOnlyListLossPoint), HtmlBuilder.Path(path, K(nameof(TrainingReport.LossCurve))));
        h.Raw("</div></section>");
    }

    /// <summary>A list of records drawn as the generic table: its columns are the records' fields, as written.</summary>
    private static JsonNode ToNode<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToNode(value, typeInfo)!;

    private static void KeyName(HtmlBuilder h, string tag, string path, string name) =>
        h.Raw($"<{tag} data-key-name=\"{WebUtility.HtmlEncode(path)}\">").Text(name).Raw($"</{tag}>");

    private static void KeyValueRow(HtmlBuilder h, string key, string formatted, string path)
    {
        string p = HtmlBuilder.Path(path, key);
        h.Raw($"<tr><th data-key-name=\"{WebUtility.HtmlEncode(p)}\">").Text(key).Raw("</th>").Value(formatted, p, "td").Raw("</tr>");
    }

    private static void KeyValueTable(HtmlBuilder h, IEnumerable<KeyValuePair<string, long>> values, string path)
    {
        h.Raw("<table class=\"kv\">");
        foreach (var (key, value) in values) KeyValueRow(h, key, HtmlBuilder.Format(value), path);
        h.Raw("</table>");
    }

    /// <summary>A section a finalizer added (or a list the page draws as a table): scalars as key/value rows, arrays
    /// of records as tables, histograms as charts.</summary>
    private static void Generic(HtmlBuilder h, JsonNode node, string path)
    {
        switch (node)
        {
            case JsonArray rows when AsHistogram(rows) is { } histogram:
                Histogram(h, histogram, path);
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
                    foreach (var (key, value) in scalars) KeyValueRow(h, key, HtmlBuilder.Format(value), path);
                    h.Raw("</table>");
                }
                foreach (var (key, value) in obj.Where(p => p.Value is not JsonValue && p.Value is not null))
                {
                    string p = HtmlBuilder.Path(path, key);
                    KeyName(h, "h3", p, key);
                    Generic(h, value!, p);
                }
                break;
            default:
                h.Value(node, path);
                break;
        }
    }

    /// <summary>The rows of a histogram a finalizer wrote (<c>low</c>, <c>high</c>, <c>count</c> of whole numbers), or null.</summary>
    private static IReadOnlyList<HistogramRow>? AsHistogram(JsonArray rows)
    {
        string[] fields = [K(nameof(HistogramRow.Low)), K(nameof(HistogramRow.High)), K(nameof(HistogramRow.Count))];
        if (rows.Count == 0 || !rows.All(r => r is JsonObject o && fields.All(o.ContainsKey))) return null;
        try
        {
            return rows.Deserialize(ReportJsonContext.Default.IReadOnlyListHistogramRow);
        }
        catch (JsonException)
        {
            return null; // not whole numbers: drawn as a plain table
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
