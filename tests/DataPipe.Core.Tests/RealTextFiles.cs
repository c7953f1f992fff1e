namespace DataPipe.Core.Tests;

/// <summary>Real technical text this machine has (licenses, changelogs, READMEs), for tests that compare a tuned
/// routine with its plain reference: the first <c>count</c> uncompressed files in ordinal path order.</summary>
public static class RealTextFiles
{
    public static IReadOnlyList<string> Take(int count, long minBytes = 0, long maxBytes = long.MaxValue) =>
        new[] { "/usr/share/common-licenses", "/usr/share/doc" }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.EndsWith(".gz", StringComparison.Ordinal))
            .Where(f => new FileInfo(f).Length is var n && n >= minBytes && n <= maxBytes)
            .Order(StringComparer.Ordinal).Take(count).ToList();
}
