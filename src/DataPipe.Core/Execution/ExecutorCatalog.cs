using DataPipe.Core.Execution.Slurm;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution;

/// <summary>What any executor may be built from: the build, where it logs and shows progress, and each executor's
/// own settings.</summary>
public sealed record ExecutorSetup
{
    public required ILogger Logger { get; init; }
    public required IBuildProgress Progress { get; init; }

    /// <summary>Concurrent tasks in this process (the local executor).</summary>
    public required int Workers { get; init; }

    public required SlurmOptions Slurm { get; init; }

    /// <summary>How another process starts a task (<c>dotnet datapipe.dll task …</c>), for executors that do.</summary>
    public required TaskLauncher Launcher { get; init; }
}

/// <summary>The command that runs one task in a fresh process: the dotnet host and the CLI assembly.</summary>
public sealed record TaskLauncher(string Dotnet, string CliDll);

/// <summary>The executors a pipeline's <c>executor:</c> key and <c>--executor</c> may name.</summary>
public static class ExecutorCatalog
{
    public const string Default = "local";

    /// <param name="Type">The executor's class: whether it prints scripts (<c>--dry-run</c>) is known from it before a
    /// build exists, so that a wrong flag is refused with the pipeline's other errors.</param>
    private sealed record Entry(string Name, Type Type, Func<BuildSession, ExecutorSetup, IExecutor> Create);

    private static readonly Entry[] Entries =
    [
        new(Default, typeof(LocalExecutor), (_, s) => new LocalExecutor(s.Logger, s.Progress, s.Workers)),
        new("slurm", typeof(SlurmExecutor), SlurmExecutor.For),
    ];

    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    public static bool PrintsScripts(string name) => typeof(IScriptedExecutor).IsAssignableFrom(Find(name).Type);

    public static IExecutor Create(string name, BuildSession session, ExecutorSetup setup) => Find(name).Create(session, setup);

    private static Entry Find(string name) => Entries.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"unknown executor '{name}'; expected one of: {string.Join(", ", Names)}", nameof(name));
}
