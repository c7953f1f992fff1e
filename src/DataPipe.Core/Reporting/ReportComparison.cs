using DataPipe.Core.Reporting.Model;

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

    private static readonly (string Property, Func<TotalsReport, long> Value)[] Totals =
    [
        (nameof(TotalsReport.DocsRead), t => t.DocsRead),
        (nameof(TotalsReport.DocsKept), t => t.DocsKept),
        (nameof(TotalsReport.BytesRead), t => t.BytesRead),
        (nameof(TotalsReport.BytesKept), t => t.BytesKept),
        (nameof(TotalsReport.QuarantinedRecords), t => t.QuarantinedRecords),
    ];

    /// <summary>Compares two reports; a field an older report lacks counts as zero.</summary>
    public static ReportComparison Create(BuildReport before, BuildReport after)
    {
        var rows = new List<Row>();
        foreach (var (property, value) in Totals)
            rows.Add(new Row("totals", ReportJsonContext.Key(property), value(before.Totals), value(after.Totals)));
        rows.Add(new Row("totals", "missing_inputs", before.Inputs.Missing.Count, after.Inputs.Missing.Count));

        var stagesBefore = Stages(before);
        var stagesAfter = Stages(after);
        foreach (var name in stagesAfter.Keys.Concat(stagesBefore.Keys).Distinct())
        {
            stagesBefore.TryGetValue(name, out var b);
            stagesAfter.TryGetValue(name, out var a);
            rows.Add(new Row("docs_out", name, b?.DocsOut ?? 0, a?.DocsOut ?? 0));
            // Drop rate = share of the documents entering the stage that a reason removed, so builds of different sizes compare.
            var reasons = Reasons(b).Concat(Reasons(a)).Distinct();
            foreach (var reason in reasons)
                rows.Add(new Row("drop_rate", $"{name}.{reason}", Rate(b, reason), Rate(a, reason)));
        }
        var (tokensBefore, tokensAfter) = (TokensSection.Of(before), TokensSection.Of(after));
        if (tokensBefore is not null || tokensAfter is not null)
            rows.Add(new Row("tokens", "tokens", tokensBefore?.Tokens ?? 0, tokensAfter?.Tokens ?? 0));
        return new ReportComparison { Before = Named(before.Build, "before"), After = Named(after.Build, "after"), Rows = rows };
    }

    private static string Named(string build, string otherwise) => build.Length > 0 ? build : otherwise;

    private static Dictionary<string, StageReport> Stages(BuildReport report) => report.Stages.ToDictionary(s => s.Name);

    private static IEnumerable<string> Reasons(StageReport? stage) => stage?.Drops.Keys ?? [];

    private static double Rate(StageReport? stage, string reason) =>
        stage is null || stage.DocsIn == 0 ? 0 : (double)(stage.Drops.GetValueOrDefault(reason)?.Docs ?? 0) / stage.DocsIn;
}
