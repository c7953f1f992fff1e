using DataPipe.Core.Execution;

namespace DataPipe.Core.Reporting;

/// <summary>
/// Every task's statistics of a build, summed: the numbers <see cref="ReportShaper"/> shapes into report.json.
/// The funnel comes from the final pass, which replays every stage; time adds up over every phase.
/// </summary>
internal sealed class BuildStats
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<TaskStats>> _byPhase;

    private BuildStats(IReadOnlyDictionary<string, IReadOnlyList<TaskStats>> byPhase, IReadOnlyList<TaskStats> finalPass)
    {
        _byPhase = byPhase;
        FinalPass = finalPass;
    }

    /// <summary>Reads the statistics each task of <paramref name="plan"/> left; a task that wrote none is left out.</summary>
    public static BuildStats Load(Plan plan, BuildLayout layout)
    {
        var byPhase = plan.Phases.ToDictionary(p => p.Name, p => (IReadOnlyList<TaskStats>)Enumerable.Range(0, p.Tasks)
            .Select(r => layout.TaskStatsFile(p.Name, r)).Where(File.Exists).Select(TaskStats.Load).ToList());
        return new BuildStats(byPhase, byPhase[plan.Phases.Last(p => p.FinalPass).Name]);
    }

    /// <summary>The final pass's tasks, in rank order.</summary>
    public IReadOnlyList<TaskStats> FinalPass { get; }

    public IReadOnlyList<TaskStats> Phase(string name) => _byPhase[name];

    /// <summary>Reader counters summed over the final pass.</summary>
    public IReadOnlyDictionary<string, long> Reader() => Sum(FinalPass.Select(t => t.Reader));

    /// <summary>Step <paramref name="index"/> of the final pass, summed over its tasks.</summary>
    public StepTotals Step(int index)
    {
        var rows = FinalPass.Select(t => t.Steps[index]).ToList();
        var drops = new SortedDictionary<string, DropCount>(StringComparer.Ordinal);
        foreach (var (reason, d) in rows.SelectMany(r => r.Drops))
        {
            if (!drops.TryGetValue(reason, out var sum)) drops[reason] = sum = new DropCount();
            sum.Docs += d.Docs;
            sum.Bytes += d.Bytes;
        }
        return new StepTotals(rows.Sum(r => r.DocsIn), rows.Sum(r => r.DocsOut), rows.Sum(r => r.BytesIn), rows.Sum(r => r.BytesOut),
            drops, Sum(rows.Select(r => r.Counters)));
    }

    /// <summary>Time every pass spent in <paramref name="stage"/> (its resolve phases not included).</summary>
    public double StageSeconds(string stage) => _byPhase.Values.SelectMany(ts => ts).SelectMany(t => t.Steps).Where(s => s.Stage == stage).Sum(s => s.Seconds);

    public double PhaseSeconds(string phase) => _byPhase[phase].Sum(t => t.Seconds);

    /// <summary>Counters of a resolve phase, summed over its tasks.</summary>
    public IReadOnlyDictionary<string, long> PhaseCounters(string phase) => Sum(_byPhase[phase].Select(t => t.Counters));

    public double FinalPassSeconds() => FinalPass.Sum(t => t.Seconds);

    public double TaskSeconds() => _byPhase.Values.SelectMany(t => t).Sum(t => t.Seconds);

    /// <summary>UTF-8 bytes of the documents the final pass read: what its first stage was given.</summary>
    public long BytesRead() => FinalPass.Sum(t => t.Steps.Count > 0 ? t.Steps[0].BytesIn : 0);

    public Log2Histogram DocBytesRead() => Histogram(FinalPass.Select(t => t.DocBytesRead));

    public Log2Histogram DocBytesKept() => Histogram(FinalPass.Select(t => t.DocBytesKept));

    private static IReadOnlyDictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> counters)
    {
        var sum = new Counters();
        foreach (var c in counters) sum.AddAll(c);
        return sum.Snapshot();
    }

    private static Log2Histogram Histogram(IEnumerable<long[]> buckets)
    {
        var sum = new Log2Histogram();
        foreach (var b in buckets) sum.AddAll(b);
        return sum;
    }
}

/// <summary>One step of the final pass summed over its tasks; drops by reason in ordinal order.</summary>
internal sealed record StepTotals(long DocsIn, long DocsOut, long BytesIn, long BytesOut,
    IReadOnlyDictionary<string, DropCount> Drops, IReadOnlyDictionary<string, long> Counters);
