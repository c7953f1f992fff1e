namespace DataPipe.Core.IO;

/// <summary>
/// Finds the <c>.tmp/</c> folder of the build a path lies in: the nearest ancestor folder holding both a
/// <c>.tmp/</c> folder and a <c>plan.json</c>. Writers anywhere in a build (sinks, dedup spills, token shards) put
/// their temporaries there, so a <c>documents/shard-*</c> glob of a job reading a live build never matches a
/// half-written file, and the rename into place stays on one filesystem. Both names are required so that a
/// stray <c>~/.tmp</c> never captures files written outside a build.
/// </summary>
public static class TemporaryFolder
{
    public const string Name = ".tmp";

    public static string? Find(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, Name);
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "plan.json"))) return candidate;
        }
        return null;
    }
}
