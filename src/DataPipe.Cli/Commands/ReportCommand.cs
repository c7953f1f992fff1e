using System.CommandLine;
using System.Text.Json;
using DataPipe.Core.Execution;
using DataPipe.Core.IO;
using DataPipe.Core.Reporting;
using DataPipe.Core.Reporting.Html;
using DataPipe.Core.Stages;
using Spectre.Console;

namespace DataPipe.Cli.Commands;

/// <summary>
/// <c>datapipe report BUILD</c>: rebuild report.json and report.html from the tasks' statistics and print the summary.
/// <c>datapipe report BEFORE AFTER</c>: compare two builds (funnel, drop rates, tokens) into AFTER/report-compare.html.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var build = new Argument<string>("build") { Description = "Build folder" };
        var other = new Argument<string?>("other") { Description = "A second build folder: compare BUILD (before) with OTHER (after)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("report", "Regenerate a build's report (json + html), or compare two builds") { build, other };
        command.SetAction(result =>
        {
            string first = result.GetValue(build)!;
            string? second = result.GetValue(other);
            return second is null ? Regenerate(new BuildLayout(first)) : Compare(new BuildLayout(first), new BuildLayout(second));
        });
        return command;
    }

    private static int Regenerate(BuildLayout layout)
    {
        if (!File.Exists(layout.PlanFile))
        {
            Console.Error.WriteLine($"error: {layout.Root} has no plan.json (not a build folder)");
            return ExitCodes.ConfigError;
        }
        var session = BuildSession.Open(layout.PlanFile, StageCatalog.CreateDefault());
        var existing = File.Exists(layout.ReportJson) ? BuildReport.Load(layout.ReportJson) : null;
        // The finalizers' sections are not in the tasks' statistics: they are carried over from the report being replaced.
        var sections = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in existing?.Sections ?? [])
            if (value.ValueKind != JsonValueKind.Null) sections[key] = value;
        var report = BuildReport.Create(session, sections);
        report.Write(layout);
        Summary.Print(report);
        return ExitCodes.Success;
    }

    private static int Compare(BuildLayout before, BuildLayout after)
    {
        foreach (var layout in new[] { before, after })
            if (!File.Exists(layout.ReportJson))
            {
                Console.Error.WriteLine($"error: {layout.ReportJson} not found (run the build, or `datapipe report {layout.Root}`)");
                return ExitCodes.ConfigError;
            }
        var comparison = ReportComparison.Create(BuildReport.Load(before.ReportJson), BuildReport.Load(after.ReportJson));
        string page = Path.Combine(after.Root, "report-compare.html");
        AtomicFile.WriteAllText(page, ComparePage.Render(comparison));
        var table = new Table().AddColumns("section", "name", "before", "after", "change");
        foreach (var row in comparison.Rows)
        {
            bool rate = row.Section == "drop_rate";
            table.AddRow(Markup.Escape(row.Section), Markup.Escape(row.Name), ComparePage.Show(row.Before, rate), ComparePage.Show(row.After, rate), Markup.Escape(ComparePage.Delta(row, rate)));
        }
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"comparison: {page}");
        return ExitCodes.Success;
    }
}
