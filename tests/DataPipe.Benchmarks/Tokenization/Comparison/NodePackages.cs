using System.Text.Json;

namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>The versions of the npm packages the node scripts actually loaded (from their installed package.json).</summary>
internal static class NodePackages
{
    public static string Version(string interopDirectory, string package)
    {
        string manifest = Path.Combine(interopDirectory, "node_modules", package, "package.json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(manifest));
        return json.RootElement.GetProperty("version").GetString() ?? "?";
    }
}
