using System.Text.Json;
using DataPipe.Core.IO;

namespace DataPipe.Core.Execution.Slurm;

/// <summary>An array job the executor submitted, with the script it ran.</summary>
public sealed record SlurmSubmission(long JobId, string Script, SlurmArrayJob Job);

/// <summary>
/// <c>&lt;build&gt;/slurm/jobs.json</c>: every array job submitted for the build, so <c>datapipe status</c> can ask the
/// scheduler about them from another shell (Slurm itself forgets finished jobs after MinJobAge).
/// </summary>
public static class SlurmJobFile
{
    public static string Directory(BuildLayout layout) => Path.Combine(layout.Root, "slurm");

    public static string PathOf(BuildLayout layout) => Path.Combine(Directory(layout), "jobs.json");

    public static void Write(BuildLayout layout, IReadOnlyList<SlurmSubmission> submissions) =>
        AtomicFile.WriteAllText(PathOf(layout), JsonSerializer.Serialize(submissions, Plan.Json));

    public static IReadOnlyList<SlurmSubmission>? TryRead(BuildLayout layout)
    {
        string path = PathOf(layout);
        if (!File.Exists(path)) return null;
        return JsonSerializer.Deserialize<List<SlurmSubmission>>(File.ReadAllText(path), Plan.Json)
            ?? throw new InvalidDataException($"{path} is not a Slurm job list");
    }
}
