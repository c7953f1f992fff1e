using DataPipe.Core.Classification.FastText;
using DataPipe.Core.Config;

namespace DataPipe.Core.Classification;

/// <summary>Finds and loads a stage's fastText model, turning every problem into a config error at the option's line.</summary>
internal static class ModelFile
{
    /// <param name="given">The option's value, or null when the stage falls back to <paramref name="fallback"/>.</param>
    public static FastTextModel Load(OptionsNode o, string key, string? given, string? fallback, string pipelineFile, string missingFallbackHint)
    {
        string spec = given ?? fallback ?? throw o.Error(key, "is required: a fastText model file (.bin or .ftz)");
        string path = Resolve(spec, pipelineFile);
        if (!File.Exists(path))
            throw o.Error(key, given is null ? missingFallbackHint : $"model file '{given}' not found (looked at {path})");
        try
        {
            return FastTextModel.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw o.Error(key, e.Message);
        }
    }

    /// <summary>A relative path is looked up beside the pipeline file, then in the folder above it (the
    /// repository, for pipelines/*.yaml), then in the working directory.</summary>
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
