using System.CommandLine;
using System.Globalization;
using DataPipe.Core.Execution;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe clean BUILD</c>: removes the intermediates a finished build no longer needs (see <see cref="BuildCleaner"/>).</summary>
public static class CleanCommand
{
    public static Command Create()
    {
        var build = new Argument<string>("build") { Description = "Build folder (a finished build)" };
        var command = new Command("clean", "Remove the intermediates of a finished build (passes/ spills, drop lists); keeps outputs, markers and the report's stats") { build };
        command.SetAction(result =>
        {
            var layout = new BuildLayout(result.GetValue(build)!);
            if (!File.Exists(layout.PlanFile))
            {
                Console.Error.WriteLine($"error: {layout.Root} has no plan.json (not a build folder)");
                return ExitCodes.ConfigError;
            }
            try
            {
                using var held = BuildLock.Acquire(layout, "datapipe clean");
                var cleaned = BuildCleaner.Clean(layout, Plan.Load(layout.PlanFile));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"removed {cleaned.Files} intermediate files ({cleaned.Bytes / 1e6:F1} MB) from {layout.Root}"));
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is BuildLockedException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ConfigError;
            }
        });
        return command;
    }
}
