using DataPipe.Core.Config;
using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;

namespace DataPipe.Cli.Commands;

/// <summary>What <c>datapipe run</c> hands every executor from this process: the Slurm settings after the command
/// line's overrides, and how another process starts a task.</summary>
public static class ExecutorSettings
{
    /// <summary>File options, then command-line overrides, validated together.</summary>
    public static SlurmOptions ResolveSlurm(PipelineDefinition pipeline, SlurmOverrides overrides)
    {
        var options = pipeline.Slurm.With(overrides);
        options.Validate("command line", "");
        return options;
    }

    /// <summary>This CLI, started by the same dotnet host, so compute nodes use the same runtime.</summary>
    public static TaskLauncher Launcher() => new(DotnetHost(), Path.Combine(AppContext.BaseDirectory, "datapipe.dll"));

    /// <summary>This process when started as <c>dotnet datapipe.dll</c>, else DOTNET_HOST_PATH, else <c>dotnet</c> from PATH.</summary>
    private static string DotnetHost()
    {
        string? process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) return host;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return "dotnet";
    }
}
