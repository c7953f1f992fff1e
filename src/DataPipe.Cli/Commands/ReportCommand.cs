using System.CommandLine;
using DataPipe.Core.Execution;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe report BUILD</c>: rebuild report.json from the tasks' statistics and print the summary.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var build = new Argument<string>("build") { Description = "Build folder" };
        var command = new Command("report", "Regenerate a build's report from its task statistics and print the summary") { build };
        command.SetAction(result =>
        {
            var layout = new BuildLayout(result.GetValue(build)!);
            if (!File.Exists(layout.PlanFile))
            {
                Console.Error.WriteLine($"error: {layout.Root} has no plan.json (not a build folder)");
                return ExitCodes.ConfigError;
            }
            var session = BuildSession.Open(layout.PlanFile, StageCatalog.CreateDefault());
            var existing = File.Exists(layout.ReportJson) ? BuildReport.Load(layout.ReportJson) : null;
            var sections = new Dictionary<string, object>(StringComparer.Ordinal);
            if (existing is not null)
                foreach (var (key, value) in existing.Root)
                    if (value is not null && !BuildReport.CoreSections.Contains(key)) sections[key] = value.DeepClone();
            var report = BuildReport.Create(session, sections);
            report.Write(layout);
            Summary.Print(report);
            return ExitCodes.Success;
        });
        return command;
    }
}
