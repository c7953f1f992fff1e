using DataPipe.Core.Config;
using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;
using Microsoft.Extensions.Logging;

namespace DataPipe.Cli.Commands;

/// <summary>The <c>--executor slurm</c> branch of <c>datapipe run</c>: scripts, submission, monitoring.</summary>
public static class SlurmRun
{
    public static SlurmScriptContext Context(BuildSession session, SlurmOptions options) => new()
    {
        Layout = session.Layout,
        PipelineName = session.Plan.PipelineName,
        Dotnet = options.Dotnet ?? DotnetHost(),
        CliDll = Path.Combine(AppContext.BaseDirectory, "datapipe.dll"),
        Options = options,
    };

    /// <summary>Prints each script with the sbatch command that would submit it; submits nothing.</summary>
    public static void PrintDryRun(BuildSession session, SlurmOptions options, ILogger logger)
    {
        var executor = new SlurmExecutor(new SlurmCommandLine(), Context(session, options), logger);
        foreach (var (path, afterOk, text) in executor.DryRun(session.Plan))
        {
            Console.Out.WriteLine($"# ---- {path}");
            Console.Out.WriteLine($"# submit: sbatch --parsable {(afterOk.Length > 0 ? $"--dependency=afterok:<job ids of {afterOk}> " : "")}{path}");
            Console.Out.Write(text);
        }
        Console.Out.Flush();
    }

    public static async Task<int> RunAsync(BuildSession session, SlurmOptions options, ILogger logger, CancellationToken stopping)
    {
        var executor = new SlurmExecutor(new SlurmCommandLine(), Context(session, options), logger);
        try
        {
            await executor.RunAsync(session.Plan, stopping).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (SlurmTaskFailedException e)
        {
            // Several lines (one per failed rank, with the tail of its log): the single-line logger would fold them.
            logger.LogError("build failed under Slurm");
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (SlurmException e)
        {
            logger.LogError("slurm: {Message}", e.Message);
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// The dotnet host running this build, so compute nodes use the same runtime: this process when started as
    /// <c>dotnet datapipe.dll</c>, else DOTNET_HOST_PATH, else <c>dotnet</c> from PATH.
    /// </summary>
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

    /// <summary>File options, then command-line overrides, validated together.</summary>
    public static SlurmOptions Resolve(PipelineDefinition pipeline, SlurmOverrides overrides)
    {
        var options = pipeline.Slurm.With(overrides);
        options.Validate("command line", "");
        return options;
    }
}
