using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataPipe.Core.Input;
using DataPipe.Core.Reporting;
using DataPipe.Core.Reporting.Html;
using DataPipe.Core.Reporting.Model;

namespace DataPipe.Core.Tests.Reporting;

/// <summary>report.json through its records: the written keys, reports older than some fields, and the page's paths.</summary>
public sealed class ReportJsonTests
{
    private static BuildReport Full() => new()
    {
        Pipeline = "p",
        ConfigHash = "abc",
        Build = "/b",
        Inputs = new InputsReport
        {
            Shards = 3,
            Bytes = 10,
            Reader = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["documents"] = 4, ["quarantined"] = 1, ["records"] = 6 },
            Missing = ["/in/x.gz"],
            Damaged = [new DamagedInput("/in/y.gz", 1, 0, true)],
            Skipped = [new SkippedInput("/in/z.txt", "no reader")],
        },
        Totals = new TotalsReport { DocsRead = 4, DocsKept = 3, NotDocuments = new Dictionary<string, long> { ["quarantined_records"] = 1 }, TaskSeconds = 0.25 },
        Stages =
        [
            new StageReport
            {
                Name = "exact_dedup", Kind = "global", DocsIn = 4, DocsOut = 3, DocsDropped = 1,
                Drops = new Dictionary<string, DropReport> { ["duplicate"] = new(1, 30) },
                Counters = new Dictionary<string, long> { ["docs.en"] = 3, ["bytes.en"] = 70, ["hashes"] = 4 },
                Seconds = 0.5, DocsPerSecond = 8, MbPerSecond = 0.0002,
                Resolve = new Dictionary<string, ResolveReport> { ["exact_dedup.hashes"] = new() { Tasks = 2, Seconds = 0.1, Counters = new Dictionary<string, long> { ["groups"] = 1 } } },
            },
        ],
        Phases = [new PhaseReport { Name = "pass-1", Kind = "pass", Tasks = 2, TasksReported = 2, TaskSeconds = 0.2, InputBytes = 10 }],
        Histograms = new SizeHistograms { DocBytesRead = [new HistogramRow(16, 32, 4)] },
        Sections = new() { ["tokens"] = JsonDocument.Parse("""{"tokens":5000,"tokens_per_document":[{"low":8,"high":16,"count":3}]}""").RootElement },
        Training = new TrainingReport { Run = "/runs/a", Summary = new JsonObject { ["parameters"] = 10 }, LossCurve = [new LossPoint(1, 6.0, null), new LossPoint(2, 5.5, 5.6)] },
    };

    [Fact]
    public void KeysAreWrittenInTheOrderReportJsonHasAlwaysHad()
    {
        var json = JsonNode.Parse(Full().ToJson())!.AsObject();
        Assert.Equal(["format_version", "pipeline", "config_hash", "build", "inputs", "totals", "stages", "phases", "histograms", "tokens", "training"],
            json.Select(p => p.Key));
        Assert.Equal(["docs_read", "docs_kept", "bytes_read", "bytes_kept", "quarantined_records", "not_documents", "task_seconds", "final_pass_mb_per_second_per_core"],
            json["totals"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["name", "kind", "docs_in", "docs_out", "docs_dropped", "bytes_in", "bytes_out", "drops", "counters", "seconds", "docs_per_second", "mb_per_second", "resolve"],
            json["stages"]![0]!.AsObject().Select(p => p.Key));
        Assert.Null(json["training"]!["loss_curve"]![0]!["val_loss"]);
        Assert.Equal(5.6, json["training"]!["loss_curve"]![1]!["val_loss"]!.GetValue<double>());
    }

    [Fact]
    public void ADocumentStageHasNoResolveKeyAndAReportWithoutTrainingNoTrainingKey()
    {
        var report = Full() with { Training = null, Stages = [new StageReport { Name = "c4", Kind = "document" }] };
        var json = JsonNode.Parse(report.ToJson())!.AsObject();
        Assert.False(json.ContainsKey("training"));
        Assert.False(json["stages"]![0]!.AsObject().ContainsKey("resolve"));
    }

    [Fact]
    public void ReadingBackGivesTheSameReport()
    {
        string json = Full().ToJson();
        Assert.Equal(json, BuildReport.Parse(json).ToJson());
    }

    [Fact]
    public void ANonFiniteNumberIsRefusedByItsPath()
    {
        var report = Full() with { Stages = [new StageReport { Name = "c4", Seconds = double.NaN }] };
        var e = Assert.Throws<InvalidDataException>(() => report.ToJson());
        Assert.Equal("report.json: field $.stages[0].seconds is not a finite number", e.Message);
    }

    [Fact]
    public void AReportOlderThanTheNotDocumentsTableHistogramsAndSkippedInputsIsRead()
    {
        var report = BuildReport.Parse("""
            {"format_version":1,"pipeline":"p","config_hash":"abc","build":"/b",
             "inputs":{"shards":1,"bytes":10,"reader":{"records":2,"documents":2},"missing":[],"damaged":[{"path":"/in/a.gz","quarantined_records":1,"truncated":false}]},
             "totals":{"docs_read":2,"docs_kept":1,"bytes_read":20,"bytes_kept":10,"quarantined_records":1,"task_seconds":0.1},
             "stages":[{"name":"c4","kind":"document","docs_in":2,"docs_out":1,"docs_dropped":1,"bytes_in":20,"bytes_out":10,"drops":{"short":{"docs":1,"bytes":10}},"counters":{},"seconds":0.1,"docs_per_second":20,"mb_per_second":0}],
             "phases":[],"dedup.c4":{"dropped":0}}
            """);
        Assert.Null(report.Totals.NotDocuments);
        Assert.Null(report.Histograms);
        Assert.Empty(report.Inputs.Skipped);
        Assert.Equal(0, report.Inputs.Damaged[0].DamagedRegions);
        Assert.Equal(["dedup.c4"], report.Sections!.Select(p => p.Key));
        Assert.Null(TokensSection.Of(report));
        Assert.Contains("Drop reasons", ReportPage.Render(report));
        Assert.Equal(0.5, ReportComparison.Create(report, report).Rows.Single(r => r.Name == "c4.short").After);
    }

    [Fact]
    public void EveryPathThePageTagsIsInReportJson()
    {
        string json = Full().ToJson();
        var root = JsonNode.Parse(json)!;
        string html = ReportPage.Render(BuildReport.Parse(json), null);
        // An empty cell (a loss point without val_loss) shows nothing, so it has nothing to check.
        var paths = Regex.Matches(html, "data-key(?:-name)?=\"([^\"]+)\">([^<]+)<").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        Assert.True(paths.Count > 40, $"only {paths.Count} tagged paths");
        foreach (var path in paths)
            Assert.True(Has(root, path), $"the page tags {path}, which report.json does not have");
    }

    private static bool Has(JsonNode node, string path)
    {
        JsonNode? at = node;
        foreach (var raw in path.Split('/'))
        {
            string key = raw.Replace("~1", "/").Replace("~0", "~");
            switch (at)
            {
                case JsonObject o when o.ContainsKey(key):
                    at = o[key];
                    break;
                case JsonArray a when int.TryParse(key, out int i) && i < a.Count:
                    at = a[i];
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
