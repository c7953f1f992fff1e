using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataPipe.Core.IO;

namespace DataPipe.Core.Reporting;

/// <summary>
/// Links a training run to the token build it read, wherever the run's <c>--out</c> is. The run names the manifest
/// it read in its summary.json (<see cref="ManifestKey"/>), and registers itself beside that manifest in
/// <c>tokens/training-runs/</c>; a build's report takes the registered runs whose summary still names its manifest
/// (a run folder reused for another build no longer counts), plus <c>&lt;build&gt;/train</c>, the latest one first.
/// </summary>
public static class TrainingRunLinks
{
    public const string ManifestKey = "tokens_manifest";
    private const string Folder = "training-runs";

    /// <summary>The full path of the manifest a <c>--tokens</c> argument (a folder or the manifest itself) names.</summary>
    public static string ManifestOf(string tokens) =>
        Path.GetFullPath(Directory.Exists(tokens) || !tokens.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Path.Combine(tokens, "manifest.json") : tokens);

    /// <summary>Records <paramref name="runFolder"/> beside <paramref name="manifest"/>; one file per run folder.</summary>
    public static void Register(string manifest, string runFolder)
    {
        string run = Path.GetFullPath(runFolder);
        string name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run)))[..16] + ".json";
        string path = Path.Combine(Path.GetDirectoryName(manifest)!, Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, new JsonObject { ["run"] = run }.ToJsonString() + "\n");
    }

    /// <summary>The training run a report of <paramref name="buildRoot"/> shows, or null.</summary>
    public static string? Latest(string buildRoot)
    {
        string manifest = Path.GetFullPath(Path.Combine(buildRoot, "tokens", "manifest.json"));
        var runs = new List<string>();
        string registry = Path.Combine(buildRoot, "tokens", Folder);
        if (Directory.Exists(registry))
            foreach (var file in Directory.EnumerateFiles(registry, "*.json").Order(StringComparer.Ordinal))
                if (Parse(file)?["run"]?.GetValue<string>() is { } run && Names(run, manifest)) runs.Add(run);
        string fallback = TrainingRunSection.DefaultFolder(buildRoot);
        if (File.Exists(Path.Combine(fallback, "metrics.csv")) && !runs.Contains(Path.GetFullPath(fallback))) runs.Add(Path.GetFullPath(fallback));
        return runs.OrderByDescending(r => File.GetLastWriteTimeUtc(Path.Combine(r, "metrics.csv"))).ThenBy(r => r, StringComparer.Ordinal).FirstOrDefault();
    }

    private static bool Names(string run, string manifest) =>
        File.Exists(Path.Combine(run, "metrics.csv")) &&
        Parse(Path.Combine(run, "summary.json"))?[ManifestKey]?.GetValue<string>() is { } named &&
        string.Equals(Path.GetFullPath(named), manifest, StringComparison.Ordinal);

    private static JsonObject? Parse(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // a half-written or foreign file is not a link
        }
    }
}
