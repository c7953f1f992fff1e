using DataPipe.Core.Config;
using DataPipe.Core.Input;
using DataPipe.Core.IO;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution;

/// <summary>
/// Turns a validated pipeline into a build folder with its plan. A folder made by the same configuration is
/// resumed; one made by a different configuration is refused unless <c>--force</c> clears it. The caller holds the
/// folder's <see cref="BuildLock"/>: clearing and removing an interrupted run's temporaries are safe only then.
/// </summary>
public static class BuildPreparer
{
    private static readonly string[] BuildEntries = ["plan.json", "passes", "done", "tokens", "tokenizer", "documents", "rejected", "quarantine", "report.json", "report.html", "logs", "slurm", "tasks", "dedup", TemporaryFolder.Name];

    public static BuildSession Prepare(PipelineDefinition pipeline, bool force, ILogger logger)
    {
        var skipped = new List<SkippedInput>();
        var shards = InputResolver.Resolve(pipeline.Inputs, pipeline.File, skipped, note => logger.LogInformation("{Note}", note));
        foreach (var file in skipped) logger.LogWarning("skipped input {File}: {Reason}", file.Path, file.Reason);
        foreach (var split in shards.Where(s => s.IsRange).GroupBy(s => s.Path))
            logger.LogInformation("input {File} is read as {Ranges} ranges of about {MiB:F0} MiB (split_bytes)", split.Key, split.Count(), split.Average(s => s.Bytes) / (1 << 20));
        var plan = Planner.Create(pipeline, shards) with { SkippedInputs = skipped };
        var layout = new BuildLayout(plan.Out);
        Directory.CreateDirectory(layout.Root);

        if (force) Clear(layout, logger);
        else if (File.Exists(layout.PlanFile))
        {
            var existing = Plan.Load(layout.PlanFile);
            if (existing.ConfigHash != plan.ConfigHash)
                throw new ConfigException(pipeline.File, "out", 0, 0,
                    $"{layout.Root} holds a build of a different configuration (pipeline text or inputs changed); rerun with --force to rebuild it, or choose another --out");
            int stale = AtomicFile.DeleteStaleTemporaries(layout.TemporaryDirectory);
            if (stale > 0) logger.LogInformation("removed {Count} temporary files left by an interrupted run", stale);
            logger.LogInformation("resuming the build in {Build}", layout.Root);
        }
        Directory.CreateDirectory(layout.TemporaryDirectory);
        AtomicFile.WriteAllText(layout.PlanFile, plan.ToJson());
        return new BuildSession(plan, pipeline);
    }

    private static void Clear(BuildLayout layout, ILogger logger)
    {
        foreach (var entry in BuildEntries)
        {
            string path = Path.Combine(layout.Root, entry);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        logger.LogInformation("--force: cleared {Build}", layout.Root);
    }
}
