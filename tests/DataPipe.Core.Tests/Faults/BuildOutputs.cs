using DataPipe.Core.Input.Remote;

namespace DataPipe.Core.Tests.Faults;

/// <summary>Checks on a build folder while it is being written or after a failure.</summary>
public static class BuildOutputs
{
    /// <summary>Every output visible under its final name must be whole: gzip members intact, Parquet with its footer, JSON parseable.</summary>
    public static void AssertNoPartialOutputs(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (file.Contains(".tmp-", StringComparison.Ordinal)) continue;
            try
            {
                if (file.EndsWith(".gz", StringComparison.Ordinal))
                {
                    if (new FileInfo(file).Length > 0 && GzipIntegrity.Check(file) is { } problem)
                        Assert.Fail($"{file} is visible but not whole: {problem}");
                }
                else if (file.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    byte[] bytes = File.ReadAllBytes(file);
                    Assert.True(bytes.Length >= 8 && bytes.AsSpan(bytes.Length - 4).SequenceEqual("PAR1"u8), $"{file} is visible without its Parquet footer");
                }
                else if (file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".done", StringComparison.Ordinal))
                {
                    System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file));
                }
            }
            catch (FileNotFoundException) { } // replaced by a rename while we looked
        }
    }

    public static int Markers(string build) =>
        Directory.Exists(Path.Combine(build, "done")) ? Directory.EnumerateFiles(Path.Combine(build, "done"), "*.done", SearchOption.AllDirectories).Count() : 0;
}
