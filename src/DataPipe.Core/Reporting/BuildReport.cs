using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.Execution;

namespace DataPipe.Core.Reporting;

/// <summary>
/// Merges every task's statistics into <c>report.json</c>. The funnel (docs and bytes in and out per stage, drop
/// reasons) comes from the final pass, which replays every stage; timings add up every pass and resolve phase.
/// </summary>
public sealed class BuildReport
{
    public const int FormatVersion = 1;

    /// <summary>Sections this class computes; anything else in a report was added by a finalizer.</summary>
    public static readonly IReadOnlySet<string> CoreSections = new HashSet<string>(StringComparer.Ordinal)
        { "format_version", "pipeline", "config_hash", "build", "inputs", "totals", "stages", "phases", "histograms", "training" };

    private readonly JsonObject _root;

    private BuildReport(JsonObject root) => _root = root;

    public JsonObject Root => _root;

    public static BuildReport Create(BuildSession session, IReadOnlyDictionary<string, object> extraSections)
    {
        var plan = session.Plan;
        var layout = session.Layout;
        var statsByPhase = plan.Phases.ToDictionary(p => p.Name, p => Enumerable.Range(0, p.Tasks)
            .Select(r => layout.TaskStatsFile(p.Name, r)).Where(File.Exists).Select(TaskStats.Load).ToList());

        var finalPass = plan.Phases.Last(p => p.FinalPass);
        var finalStats = statsByPhase[finalPass.Name];

        var reader = new Counters();
        foreach (var t in finalStats) reader.AddAll(t.Reader);
        var missing = new JsonArray();
        var damaged = new JsonArray();
        foreach (var t in finalStats.OrderBy(t => t.Rank))
        {
            string path = plan.Shards[t.Rank].Path;
            if (t.Reader.GetValueOrDefault("missing_files") > 0) missing.Add(path);
            else if (t.Reader.GetValueOrDefault("quarantined") > 0 || t.Reader.GetValueOrDefault("truncated_files") > 0 || t.Reader.GetValueOrDefault("damaged_regions") > 0)
                damaged.Add(new JsonObject
                {
                    ["path"] = path,
                    ["quarantined_records"] = t.Reader.GetValueOrDefault("quarantined"),
                    ["damaged_regions"] = t.Reader.GetValueOrDefault("damaged_regions"),
                    ["truncated"] = t.Reader.GetValueOrDefault("truncated_files") > 0,
                });
        }

        var stages = new JsonArray();
        var stepOrder = finalPass.Steps ?? [];
        for (int i = 0; i < stepOrder.Count; i++)
        {
            string name = stepOrder[i].Stage;
            var rows = finalStats.Select(t => t.Steps[i]).ToList();
            long docsIn = rows.Sum(r => r.DocsIn), docsOut = rows.Sum(r => r.DocsOut);
            long bytesIn = rows.Sum(r => r.BytesIn), bytesOut = rows.Sum(r => r.BytesOut);
            var drops = new SortedDictionary<string, DropCount>(StringComparer.Ordinal);
            var counters = new Counters();
            foreach (var r in rows)
            {
                counters.AddAll(r.Counters);
                foreach (var (reason, d) in r.Drops)
                {
                    if (!drops.TryGetValue(reason, out var sum)) drops[reason] = sum = new DropCount();
                    sum.Docs += d.Docs;
                    sum.Bytes += d.Bytes;
                }
            }
            double seconds = statsByPhase.Values.SelectMany(ts => ts).SelectMany(t => t.Steps).Where(s => s.Stage == name).Sum(s => s.Seconds);
            var resolve = new JsonObject();
            foreach (var phase in plan.Phases.Where(p => p.Kind == PhaseKind.Resolve && p.Stage == name))
            {
                var rc = new Counters();
                foreach (var t in statsByPhase[phase.Name]) rc.AddAll(t.Counters);
                double rs = statsByPhase[phase.Name].Sum(t => t.Seconds);
                seconds += rs;
                resolve[phase.Name] = new JsonObject { ["tasks"] = phase.Tasks, ["seconds"] = Round(rs), ["counters"] = ToJson(rc.Snapshot()) };
            }
            var dropsJson = new JsonObject();
            var declared = (session.Stage(name) as Stages.IDeclaresDropReasons)?.DropReasons ?? [];
            foreach (var (reason, d) in drops.OrderBy(p => IndexOrLast(declared, p.Key)).ThenByDescending(p => p.Value.Docs).ThenBy(p => p.Key, StringComparer.Ordinal))
                dropsJson[reason] = new JsonObject { ["docs"] = d.Docs, ["bytes"] = d.Bytes };
            var stage = new JsonObject
            {
                ["name"] = name,
                ["kind"] = stepOrder[i].Mode == StepMode.Apply ? "global" : "document",
                ["docs_in"] = docsIn,
                ["docs_out"] = docsOut,
                ["docs_dropped"] = drops.Values.Sum(d => d.Docs),
                ["bytes_in"] = bytesIn,
                ["bytes_out"] = bytesOut,
                ["drops"] = dropsJson,
                ["counters"] = ToJson(counters.Snapshot()),
                ["seconds"] = Round(seconds),
                ["docs_per_second"] = seconds > 0 ? Math.Round(docsIn / seconds) : 0,
                ["mb_per_second"] = seconds > 0 ? Round(bytesIn / 1e6 / seconds) : 0,
            };
            if (resolve.Count > 0) stage["resolve"] = resolve;
            stages.Add(stage);
        }

        var phases = new JsonArray();
        foreach (var p in plan.Phases)
        {
            var ts = statsByPhase[p.Name];
            phases.Add(new JsonObject
            {
                ["name"] = p.Name,
                ["kind"] = p.Kind.ToString().ToLowerInvariant(),
                ["tasks"] = p.Tasks,
                ["tasks_reported"] = ts.Count,
                ["task_seconds"] = Round(ts.Sum(t => t.Seconds)),
                ["input_bytes"] = ts.Sum(t => t.InputBytes),
            });
        }

        var sizesRead = new Log2Histogram();
        var sizesKept = new Log2Histogram();
        foreach (var t in finalStats)
        {
            sizesRead.AddAll(t.DocBytesRead);
            sizesKept.AddAll(t.DocBytesKept);
        }

        long docsRead = reader.Get("documents");
        long docsKept = stages.Count > 0 ? stages[^1]!["docs_out"]!.GetValue<long>() : docsRead;
        long bytesRead = finalStats.Sum(t => t.Steps.Count > 0 ? t.Steps[0].BytesIn : 0);
        long bytesKept = stages.Count > 0 ? stages[^1]!["bytes_out"]!.GetValue<long>() : bytesRead;
        double finalSeconds = finalStats.Sum(t => t.Seconds);
        var root = new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["pipeline"] = plan.PipelineName,
            ["config_hash"] = plan.ConfigHash,
            ["build"] = layout.Root,
            ["inputs"] = new JsonObject
            {
                ["shards"] = plan.Shards.Count,
                ["bytes"] = plan.Shards.Sum(s => s.Bytes),
                ["reader"] = ToJson(reader.Snapshot()),
                ["missing"] = missing,
                ["damaged"] = damaged,
                ["skipped"] = new JsonArray(plan.SkippedInputs.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["reason"] = f.Reason }).ToArray()),
            },
            ["totals"] = new JsonObject
            {
                ["docs_read"] = docsRead,
                ["docs_kept"] = docsKept,
                ["bytes_read"] = bytesRead,
                ["bytes_kept"] = bytesKept,
                ["quarantined_records"] = reader.Get("quarantined"),
                ["not_documents"] = NotDocuments(reader.Snapshot(), plan.SkippedInputs.Count),
                ["task_seconds"] = Round(statsByPhase.Values.SelectMany(t => t).Sum(t => t.Seconds)),
                ["final_pass_mb_per_second_per_core"] = finalSeconds > 0 ? Round(bytesRead / 1e6 / finalSeconds) : 0,
            },
            ["stages"] = stages,
            ["phases"] = phases,
            ["histograms"] = new JsonObject
            {
                ["doc_bytes_read"] = HistogramJson(sizesRead),
                ["doc_bytes_kept"] = HistogramJson(sizesKept),
            },
        };
        foreach (var (key, value) in extraSections.OrderBy(p => p.Key, StringComparer.Ordinal))
            root[key] = FiniteNumbers.Section(key, value, Plan.Json);
        if (TrainingRunLinks.Latest(layout.Root) is { } run && TrainingRunSection.Read(run) is { } training)
            root["training"] = training;
        return new BuildReport(root);
    }

    public static BuildReport Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path} is not a report"));

    /// <summary>Writes report.json and the page drawn from it, report.html.</summary>
    public void Write(BuildLayout layout)
    {
        string json = ToJson();
        IO.AtomicFile.WriteAllText(layout.ReportJson, json);
        // Drawn from the written text, so the page shows exactly what report.json holds.
        IO.AtomicFile.WriteAllText(layout.ReportHtml, Html.ReportPage.Render((JsonObject)JsonNode.Parse(json)!,
            TrainingRunSection.LossPlot(_root["training"]?["run"]?.GetValue<string>())));
    }

    public string ToJson()
    {
        FiniteNumbers.Require(_root, "report.json");
        return _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, long> counts)
    {
        var o = new JsonObject();
        foreach (var (k, v) in counts) o[k] = v;
        return o;
    }

    /// <summary>The one table of what did not become a document, and why (<see cref="Formats.ReaderCounters.NotDocuments"/>).</summary>
    private static JsonObject NotDocuments(IReadOnlyDictionary<string, long> reader, long skippedFiles)
    {
        var table = new JsonObject();
        foreach (var (name, count) in Formats.ReaderCounters.NotDocumentCounts(reader, skippedFiles)) table[name] = count;
        return table;
    }

    private static double Round(double v) => Math.Round(v, 3);

    private static JsonArray HistogramJson(Log2Histogram histogram) =>
        new(histogram.Rows().Select(r => (JsonNode)new JsonObject { ["low"] = r.Low, ["high"] = r.High, ["count"] = r.Count }).ToArray());

    private static int IndexOrLast(IReadOnlyList<string> order, string reason)
    {
        for (int i = 0; i < order.Count; i++) if (order[i] == reason) return i;
        return int.MaxValue;
    }
}
