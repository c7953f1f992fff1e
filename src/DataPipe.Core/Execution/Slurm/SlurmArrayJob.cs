using System.Text;

namespace DataPipe.Core.Execution.Slurm;

/// <summary>
/// One array job: some elements of one chunk of a phase. Element <c>e</c> of chunk <c>c</c> runs ranks
/// <c>[(c·MaxArraySize + e)·TasksPerJob, … + TasksPerJob)</c>, so array indices stay below the cluster's MaxArraySize
/// however many tasks a phase has, and a resubmission names only the elements that still have work.
/// </summary>
public sealed record SlurmArrayJob
{
    public required string Phase { get; init; }
    public required int PhaseTasks { get; init; }
    public required int Chunk { get; init; }
    public required int ElementOffset { get; init; }
    public required int TasksPerJob { get; init; }
    public required int Attempt { get; init; }
    public required IReadOnlyList<int> Elements { get; init; }

    public string ScriptName => $"{Phase}.{Chunk:D3}.attempt-{Attempt}.sbatch";

    public IEnumerable<int> Ranks(int element)
    {
        int first = (ElementOffset + element) * TasksPerJob;
        int end = Math.Min(first + TasksPerJob, PhaseTasks);
        for (int r = first; r < end; r++) yield return r;
    }

    public IEnumerable<int> AllRanks => Elements.SelectMany(Ranks);

    /// <summary>The pending ranks of a phase as array jobs, one per chunk that has work.</summary>
    public static IReadOnlyList<SlurmArrayJob> ForRanks(PhasePlan phase, IEnumerable<int> pendingRanks, int tasksPerJob, int maxArraySize, int attempt)
    {
        var byChunk = new SortedDictionary<int, SortedSet<int>>();
        foreach (int rank in pendingRanks)
        {
            int element = rank / tasksPerJob;
            int chunk = element / maxArraySize;
            if (!byChunk.TryGetValue(chunk, out var set)) byChunk[chunk] = set = [];
            set.Add(element - chunk * maxArraySize);
        }
        return byChunk.Select(kv => new SlurmArrayJob
        {
            Phase = phase.Name,
            PhaseTasks = phase.Tasks,
            Chunk = kv.Key,
            ElementOffset = kv.Key * maxArraySize,
            TasksPerJob = tasksPerJob,
            Attempt = attempt,
            Elements = kv.Value.ToList(),
        }).ToList();
    }

    /// <summary>The <c>--array</c> value: sorted indices folded into ranges, plus the <c>%M</c> throttle.</summary>
    public string ArraySpec(int? maxConcurrent)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Elements.Count;)
        {
            int j = i;
            while (j + 1 < Elements.Count && Elements[j + 1] == Elements[j] + 1) j++;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(Elements[i]);
            if (j > i) sb.Append('-').Append(Elements[j]);
            i = j + 1;
        }
        if (maxConcurrent is { } m) sb.Append('%').Append(m);
        return sb.ToString();
    }

    /// <summary>Parses squeue's array task field (<c>3</c>, or <c>[0-5,7%2]</c> for elements not yet expanded).</summary>
    public static IEnumerable<int> ParseArrayField(string field)
    {
        string body = field.Trim().TrimStart('[').TrimEnd(']');
        int throttle = body.IndexOf('%');
        if (throttle >= 0) body = body[..throttle];
        foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            if (!int.TryParse(bounds[0], out int from)) continue;
            int to = bounds.Length > 1 && int.TryParse(bounds[1], out int t) ? t : from;
            for (int i = from; i <= to; i++) yield return i;
        }
    }
}
