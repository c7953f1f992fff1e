namespace DataPipe.Core.Execution;

/// <summary>What <see cref="BuildCleaner"/> removed.</summary>
public sealed record CleanResult(int Files, long Bytes);

/// <summary>
/// Removes the intermediates a finished build no longer needs: the dedup spill partitions, drop lists, sketches and
/// next-index copies, tokenizer samples and per-shard stage stats under <c>passes/</c>, and anything left in
/// <c>.tmp/</c>. It keeps what a rerun and the tools need: <c>plan.json</c> and <c>done/</c> (a rerun finds every task
/// complete and redoes nothing), <c>passes/_phases/*/stats/</c> (<c>datapipe report</c> rebuilds the report from
/// them), every output, and the cross-build dedup index in <c>state/</c>, which the finalize task already published
/// from <c>passes/&lt;stage&gt;/state-next/</c> (so incremental dedup of the next build loses nothing). Refuses a build
/// whose finalize task is not marked: resuming it needs the intermediates.
/// </summary>
public static class BuildCleaner
{
    public static CleanResult Clean(BuildLayout layout, Plan plan)
    {
        if (!new CompletionMarkers(layout).IsFinished(plan))
            throw new InvalidOperationException($"{layout.Root} is not a finished build (its finalize task is not done); resume it first — cleaning would remove what the resume needs");
        int files = 0;
        long bytes = 0;
        string keep = Path.Combine(layout.PassesDirectory, "_phases");
        foreach (var root in new[] { layout.PassesDirectory, layout.TemporaryDirectory })
        {
            if (!Directory.Exists(root)) continue;
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList())
            {
                if (IsStatsFile(keep, file)) continue;
                bytes += new FileInfo(file).Length;
                File.Delete(file);
                files++;
            }
            RemoveEmptyFolders(root);
        }
        return new CleanResult(files, bytes);
    }

    /// <summary><c>passes/_phases/&lt;phase&gt;/stats/task-NNNNN.json</c>: the per-task counts the report is made of.</summary>
    private static bool IsStatsFile(string phasesRoot, string file)
    {
        string relative = Path.GetRelativePath(phasesRoot, file);
        if (relative.StartsWith("..", StringComparison.Ordinal)) return false;
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Length == 3 && parts[1] == "stats";
    }

    private static void RemoveEmptyFolders(string root)
    {
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).ToList())
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }
}
