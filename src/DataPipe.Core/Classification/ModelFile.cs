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
        string path = FetchedFiles.Resolve(spec, pipelineFile);
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
}
