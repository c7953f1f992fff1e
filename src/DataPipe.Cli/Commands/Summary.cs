using DataPipe.Core.Execution;
using DataPipe.Core.Formats;
using DataPipe.Core.Reporting;
using Spectre.Console;

namespace DataPipe.Cli.Commands;

/// <summary>The one-screen summary printed at the end of a build.</summary>
public static class Summary
{
    /// <summary>The missing-input verdict of a build: the report's missing shards against the pipeline's limit.</summary>
    public static MissingInputs Missing(BuildReport report, double limit) =>
        new(report.Inputs.Missing.Count, report.Inputs.Shards, limit);

    public static void Print(BuildReport report, MissingInputs? missing = null)
    {
        // Captured output (CI logs) gets a readable width instead of Spectre's 80-column default.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
        var totals = report.Totals;
        var table = new Table().Title($"[bold]{Markup.Escape(report.Pipeline)}[/]")
            .AddColumns("stage", "docs in", "docs out", "dropped", "MB in", "MB out", "s", "top drop reasons");
        foreach (var stage in report.Stages)
        {
            var drops = stage.Drops.Take(3).Select(p => $"{p.Key} {p.Value.Docs}");
            table.AddRow(
                Markup.Escape(stage.Name),
                N(stage.DocsIn), N(stage.DocsOut), N(stage.DocsDropped),
                Mb(stage.BytesIn), Mb(stage.BytesOut),
                stage.Seconds.ToString("F1"),
                Markup.Escape(string.Join(", ", drops)));
        }
        AnsiConsole.Write(table);
        var inputs = report.Inputs;
        AnsiConsole.MarkupLine(Markup.Escape(
            $"inputs: {inputs.Shards} shards, {N(inputs.Reader.GetValueOrDefault(ReaderCounters.Records))} records, {N(totals.DocsRead)} docs read, " +
            $"{N(totals.DocsKept)} kept, {N(totals.QuarantinedRecords)} quarantined, {inputs.Missing.Count} missing shards"));
        if (missing is not null) AnsiConsole.MarkupLine(Markup.Escape(missing.Line));
        if (totals.NotDocuments is { } lost)
            AnsiConsole.MarkupLine(Markup.Escape("not documents: " + string.Join(", ", lost.Select(p => $"{N(p.Value)} {p.Key.Replace('_', ' ')}"))));
        AnsiConsole.MarkupLine(Markup.Escape($"report: {Path.Combine(report.Build, "report.json")}"));
    }

    private static string N(long value) => value.ToString("N0");

    private static string Mb(long bytes) => (bytes / 1e6).ToString("F1");
}
