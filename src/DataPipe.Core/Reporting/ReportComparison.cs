using System.Text.Json.Nodes;

namespace DataPipe.Core.Reporting;

/// <summary>What changed between two builds' reports: totals, the funnel per stage, drop rates per reason, tokens.</summary>
public sealed class ReportComparison
{
    public sealed record Row(string Section, string Name, double Before, double After)
    {
        public double Change => After - Before;

        /// <summary>Relative change, or null when the old value is zero.</summary>
        public double? RelativeChange => Before == 0 ? null : (After - Before) / Before;
    }

    public required string Before { get; init; }
    public required string After { get; init; }
    public required IReadOnlyList<Row> Rows { get; init; }

    public static ReportComparison Create(JsonObject before, JsonObject after)
    {
        var rows = new List<Row>();
        foreach (var key in new[] { "docs_read", "docs_kept", "bytes_read", "bytes_kept", "quarantined_records" })
            rows.Add(new Row("totals", key, Num(before["totals"]?[key]), Num(after["totals"]?[key])));
        rows.Add(new Row("totals", "missing_inputs", (before["inputs"]?["missing"] as JsonArray)?.Count ?? 0, (after["inputs"]?["missing"] as JsonArray)?.Count ?? 0));

        var stagesBefore = Stages(before);
        var stagesAfter = Stages(after);
        foreach (var name in stagesAfter.Keys.Concat(stagesBefore.Keys).Distinct())
        {
            stagesBefore.TryGetValue(name, out var b);
            stagesAfter.TryGetValue(name, out var a);
            rows.Add(new Row("docs_out", name, Num(b?["docs_out"]), Num(a?["docs_out"])));
            // Drop rate = share of the documents entering the stage that a reason removed, so builds of different sizes compare.
            var reasons = Reasons(b).Concat(Reasons(a)).Distinct();
            foreach (var reason in reasons)
                rows.Add(new Row("drop_rate", $"{name}.{reason}", Rate(b, reason), Rate(a, reason)));
        }
        if (before["tokens"] is not null || after["tokens"] is not null)
            rows.Add(new Row("tokens", "tokens", Num(before["tokens"]?["tokens"]), Num(after["tokens"]?["tokens"])));
        return new ReportComparison { Before = before["build"]?.ToString() ?? "before", After = after["build"]?.ToString() ?? "after", Rows = rows };
    }

    private static Dictionary<string, JsonNode> Stages(JsonObject report) =>
        (report["stages"] as JsonArray ?? []).Where(s => s is not null).ToDictionary(s => s!["name"]!.ToString(), s => s!);

    private static IEnumerable<string> Reasons(JsonNode? stage) => (stage?["drops"] as JsonObject)?.Select(p => p.Key) ?? [];

    private static double Rate(JsonNode? stage, string reason)
    {
        double docsIn = Num(stage?["docs_in"]);
        return docsIn == 0 ? 0 : Num(stage?["drops"]?[reason]?["docs"]) / docsIn;
    }

    private static double Num(JsonNode? node) => Html.HtmlBuilder.Number(node);
}
