using DataPipe.Core.Execution;

namespace DataPipe.Core.Reporting;

/// <summary>
/// Every task's statistics of a build, summed: the numbers <see cref="ReportShaper"/> shapes into report.json.
/// What was read comes from the first pass (the only one that reads the input when passes carry documents); the
/// funnel is each stage's row from the pass it ran in (all from the final pass when every pass replays the stages);
/// time adds up over every phase.
/// </summary>
internal sealed class BuildStats
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<TaskStats>> _byPhase;
    private readonly IReadOnlyList<PhasePlan> _passes;

    private BuildStats(IReadOnlyDictionary<string, IReadOnlyList<TaskStats>> byPhase, IReadOnlyList<PhasePlan> passes)
    {
        _byPhase = byPhase;
        _passes = passes;
        FirstPass = byPhase[passes[0].Name];
        FinalPass = byPhase[passes[^1].Name];
        Funnel = passes[^1].ReadsCarryOf is null
            ? (passes[^1].Steps ?? []).Select((step, i) => new FunnelStep(passes[^1].Name, i, step)).ToList()
            : passes.SelectMany(p => (p.Steps ?? []).Select((step, i) => new FunnelStep(p.Name, i, step))).Where(f => f.Step.Mode != StepMode.Sign).ToList();
    }

    /// <summary>Reads the statistics each task of <paramref name="plan"/> left; a task that wrote none is left out.</summary>
    public static BuildStats Load(Plan plan, BuildLayout layout)
    {
        var byPhase = plan.Phases.ToDictionary(p => p.Name, p => (IReadOnlyList<TaskStats>)Enumerable.Range(0, p.Tasks)
            .Select(r => layout.TaskStatsFile(p.Name, r)).Where(File.Exists).Select(TaskStats.Load).ToList());
        return new BuildStats(byPhase, plan.Phases.Where(p => p.Kind == PhaseKind.Pass).ToList());
    }

    /// <summary>The first pass's tasks: the one pass that read the input whatever the plan.</summary>
    public IReadOnlyList<TaskStats> FirstPass { get; }

    /// <summary>The final pass's tasks.</summary>
    public IReadOnlyList<TaskStats> FinalPass { get; }

    /// <summary>Every stage once, in pipeline order, with the pass and step whose rows are its funnel.</summary>
    public IReadOnlyList<FunnelStep> Funnel { get; }

    public IReadOnlyList<TaskStats> Phase(string name) => _byPhase[name];

    /// <summary>Reader counters summed over the first pass.</summary>
    public IReadOnlyDictionary<string, long> Reader() => Sum(FirstPass.Select(t => t.Reader));

    /// <summary>A funnel step's rows summed over its pass's tasks.</summary>
    public StepTotals Step(FunnelStep at)
    {
        var rows = _byPhase[at.Phase].Select(t => t.Steps[at.Index]).ToList();
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

    /// <summary>The seconds in which the read bytes went through every stage: the final pass's when it replays them
    /// all, else every pass's.</summary>
    public double EndToEndPassSeconds() =>
        (_passes[^1].ReadsCarryOf is null ? FinalPass : _passes.SelectMany(p => _byPhase[p.Name])).Sum(t => t.Seconds);

    public double TaskSeconds() => _byPhase.Values.SelectMany(t => t).Sum(t => t.Seconds);

    /// <summary>UTF-8 bytes of the documents the first pass read: what its first stage was given.</summary>
    public long BytesRead() => FirstPass.Sum(t => t.Steps.Count > 0 ? t.Steps[0].BytesIn : 0);

    public Log2Histogram DocBytesRead() => Histogram(FirstPass.Select(t => t.DocBytesRead));

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

/// <summary>Where a stage's funnel row is: step <paramref name="Index"/> of pass <paramref name="Phase"/>.</summary>
internal sealed record FunnelStep(string Phase, int Index, PassStep Step);

/// <summary>One step of a pass summed over its tasks; drops by reason in ordinal order.</summary>
internal sealed record StepTotals(long DocsIn, long DocsOut, long BytesIn, long BytesOut,
    IReadOnlyDictionary<string, DropCount> Drops, IReadOnlyDictionary<string, long> Counters);
