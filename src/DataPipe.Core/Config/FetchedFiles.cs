namespace DataPipe.Core.Config;

/// <summary>
/// Where a file a stage names (a model, a word list) is looked for. Files that <c>make models</c> fetches live in
/// the repository's <c>models/</c>, so a relative path is tried beside the pipeline file, then in the folder above
/// it (the repository, for <c>pipelines/*.yaml</c>), then in the working directory.
/// </summary>
public static class FetchedFiles
{
    /// <summary>The first candidate that exists, or the one beside the pipeline file (for the error message).</summary>
    public static string Resolve(string spec, string pipelineFile)
    {
        if (Path.IsPathRooted(spec)) return spec;
        string dir = Path.GetDirectoryName(Path.GetFullPath(pipelineFile))!;
        foreach (string baseDir in new[] { dir, Path.GetDirectoryName(dir) ?? dir, Environment.CurrentDirectory })
        {
            string candidate = Path.GetFullPath(spec, baseDir);
            if (File.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(spec, dir);
    }
}
