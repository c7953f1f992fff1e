using System.CommandLine;
using DataPipe.Cli.Hosting;
using DataPipe.Cli.Progress;
using DataPipe.Core.Config;
using DataPipe.Core.Execution;
using DataPipe.Core.Execution.Slurm;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe run pipeline.yaml</c>: validate, plan, execute, report.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "Pipeline file (YAML), e.g. pipelines/sample.yaml" };
        var input = new Option<string[]>("--input", "-i") { Description = "Input path or glob; replaces the file's inputs (repeatable)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out", "-o") { Description = "Build folder; overrides the file's 'out'" };
        var workers = new Option<int?>("--workers", "-w") { Description = "Concurrent tasks (default: the file's 'workers', else the number of cores)" };
        var baseUrl = new Option<string?>("--base-url") { Description = "URL the lines of a paths file are relative to (e.g. https://data.commoncrawl.org/)" };
        var force = new Option<bool>("--force") { Description = "Discard completed work in the build folder and rebuild" };
        var executor = new Option<string?>("--executor") { Description = "Where tasks run (default: the file's 'executor', else local)" };
        executor.AcceptOnlyFromAmong([.. ExecutorCatalog.Names]);
        var dryRun = new Option<bool>("--dry-run") { Description = "With --executor slurm: print the sbatch scripts and submit nothing" };
        var slurm = new SlurmCommandOptions();
        var command = new Command("run", "Build a corpus: run a pipeline file end to end (resumes an interrupted build)")
        {
            pipeline, input, output, workers, force, executor, baseUrl, dryRun,
        };
        slurm.AddTo(command);
        command.SetAction((result, _) =>
        {
            var overrides = new PipelineOverrides
            {
                Inputs = result.GetValue(input) ?? [],
                Out = result.GetValue(output),
                Workers = result.GetValue(workers),
                BaseUrl = result.GetValue(baseUrl),
            };
            var where = new ExecutorChoice(result.GetValue(executor), result.GetValue(dryRun), slurm.Read(result));
            return ExecuteAsync(result.GetValue(pipeline)!, overrides, result.GetValue(force), where);
        });
        return command;
    }

    public static Task<int> ExecuteAsync(string pipelineFile, PipelineOverrides overrides, bool force, ExecutorChoice? where = null) =>
        ExecuteAsync(loader => loader.Load(pipelineFile, overrides), force, where);

    /// <param name="load">Reads the pipeline (a file, or text a command made, as <c>datapipe generate</c> does).</param>
    public static async Task<int> ExecuteAsync(Func<PipelineLoader, PipelineDefinition> load, bool force, ExecutorChoice? where = null)
    {
        PipelineDefinition pipeline;
        SlurmOptions slurmOptions;
        string executorName;
        try
        {
            pipeline = load(new PipelineLoader(StageCatalog.CreateDefault()));
            executorName = where?.Executor ?? pipeline.Executor;
            slurmOptions = ExecutorSettings.ResolveSlurm(pipeline, where?.Slurm ?? new SlurmOverrides());
            if (where is { DryRun: true } && !ExecutorCatalog.PrintsScripts(executorName))
                throw new ConfigException("--dry-run", "", 0, 0, "prints Slurm scripts; use it with --executor slurm");
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.ConfigError;
        }

        return await BuildHost.RunAsync(async (services, stopping) =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("datapipe");
            BuildLock buildLock;
            try
            {
                buildLock = BuildLock.Acquire(new BuildLayout(pipeline.Out), "datapipe run");
            }
            catch (BuildLockedException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.ConfigError;
            }
            using var held = buildLock;
            BuildSession session;
            try
            {
                session = BuildPreparer.Prepare(pipeline, force, logger);
            }
            catch (ConfigException e)
            {
                // The same one-line form as the pipeline file's errors (a missing input is a configuration error).
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.ConfigError;
            }
            logger.LogInformation("build {Build}: {Shards} shards, {Phases} phases, {Workers} workers",
                session.Layout.Root, session.Plan.Shards.Count, session.Plan.Phases.Count, pipeline.Workers);
            var counters = new ProgressCounters();
            var setup = new ExecutorSetup
            {
                Logger = logger,
                Progress = counters,
                Workers = pipeline.Workers,
                Slurm = slurmOptions,
                Launcher = ExecutorSettings.Launcher(),
            };
            var executor = ExecutorCatalog.Create(executorName, session, setup);
            if (where is { DryRun: true })
            {
                ((IScriptedExecutor)executor).PrintScripts(session.Plan, Console.Out);
                return ExitCodes.Success;
            }
            try
            {
                await using (executor.RunsTasksHere ? ProgressDisplay.Start(counters, logger, TimeSpan.FromSeconds(5)) : null)
                {
                    await executor.RunAsync(session, stopping).ConfigureAwait(false);
                }
            }
            catch (BuildFailedException e)
            {
                // Several lines (each failed task with the tail of its log): the single-line logger would fold them.
                logger.LogError("build failed ({Executor} executor)", executorName);
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            return Finish(session, logger);
        }).ConfigureAwait(false);
    }

    /// <summary>Every task ran: the summary, the missing-input verdict, and the intermediates' clean-up when asked for.</summary>
    private static int Finish(BuildSession session, ILogger logger)
    {
        var report = BuildReport.Load(session.Layout.ReportJson);
        var missing = Summary.Missing(report, session.Pipeline.MaxMissingFraction);
        Summary.Print(report, missing);
        if (!missing.WithinLimit)
        {
            Console.Error.WriteLine($"error: {missing.Line}");
            return ExitCodes.Failed;
        }
        if (session.Pipeline.CleanIntermediates)
        {
            var cleaned = BuildCleaner.Clean(session.Layout, session.Plan);
            logger.LogInformation("clean_intermediates: removed {Files} intermediate files ({MB:F1} MB)", cleaned.Files, cleaned.Bytes / 1e6);
        }
        return ExitCodes.Success;
    }
}

/// <summary>The command line's say on where tasks run; null fields defer to the pipeline file.</summary>
public sealed record ExecutorChoice(string? Executor, bool DryRun, SlurmOverrides Slurm);
