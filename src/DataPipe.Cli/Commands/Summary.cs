using System.Text.Json.Nodes;
using DataPipe.Core.Execution;
using DataPipe.Core.Reporting;
using Spectre.Console;

namespace DataPipe.Cli.Commands;

/// <summary>The one-screen summary printed at the end of a build.</summary>
public static class Summary
{
    /// <summary>The missing-input verdict of a build: the report's missing shards against the pipeline's limit.</summary>
    public static MissingInputs Missing(BuildReport report, double limit) =>
        new(report.Root["inputs"]!["missing"]!.AsArray().Count, report.Root["inputs"]!["shards"]!.GetValue<int>(), limit);

    public static void Print(BuildReport report, MissingInputs? missing = null)
    {
        // Captured output (CI logs) gets a readable width instead of Spectre's 80-column default.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
        var root = report.Root;
        var totals = root["totals"]!;
        var table = new Table().Title($"[bold]{Markup.Escape(root["pipeline"]?.ToString() ?? "")}[/]")
            .AddColumns("stage", "docs in", "docs out", "dropped", "MB in", "MB out", "s", "top drop reasons");
        foreach (var stage in root["stages"]!.AsArray())
        {
            var drops = stage!["drops"]!.AsObject().Take(3).Select(p => $"{p.Key} {p.Value!["docs"]}");
            table.AddRow(
                Markup.Escape(stage["name"]!.ToString()),
                N(stage["docs_in"]), N(stage["docs_out"]), N(stage["docs_dropped"]),
                Mb(stage["bytes_in"]), Mb(stage["bytes_out"]),
                stage["seconds"]!.GetValue<double>().ToString("F1"),
                Markup.Escape(string.Join(", ", drops)));
        }
        AnsiConsole.Write(table);
        var reader = root["inputs"]!["reader"]!.AsObject();
        AnsiConsole.MarkupLine(Markup.Escape(
            $"inputs: {root["inputs"]!["shards"]} shards, {N(reader["records"])} records, {N(totals["docs_read"])} docs read, " +
            $"{N(totals["docs_kept"])} kept, {N(totals["quarantined_records"])} quarantined, {root["inputs"]!["missing"]!.AsArray().Count} missing shards"));
        if (missing is not null) AnsiConsole.MarkupLine(Markup.Escape(missing.Line));
        if (totals["not_documents"] is JsonObject lost)
            AnsiConsole.MarkupLine(Markup.Escape("not documents: " + string.Join(", ", lost.Select(p => $"{N(p.Value)} {p.Key.Replace('_', ' ')}"))));
        AnsiConsole.MarkupLine(Markup.Escape($"report: {Path.Combine(root["build"]!.ToString(), "report.json")}"));
    }

    private static string N(JsonNode? node) => node is null ? "0" : node.GetValue<long>().ToString("N0");

    private static string Mb(JsonNode? node) => node is null ? "0" : (node.GetValue<long>() / 1e6).ToString("F1");
}
