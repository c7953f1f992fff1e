using System.Text.Json;
using DataPipe.Core.Execution;
using DataPipe.Core.Formats;
using DataPipe.Core.Reporting.Model;

namespace DataPipe.Core.Reporting;

/// <summary>Shapes a build's summed statistics (<see cref="BuildStats"/>) and its plan into <see cref="BuildReport"/>.</summary>
internal static class ReportShaper
{
    public static BuildReport Shape(BuildSession session, BuildStats stats, IReadOnlyDictionary<string, object> extraSections)
    {
        var plan = session.Plan;
        var reader = stats.Reader();
        var stages = Stages(session, stats);
        long docsRead = reader.GetValueOrDefault(ReaderCounters.Documents);
        long bytesRead = stats.BytesRead();
        double finalSeconds = stats.EndToEndPassSeconds();
        var training = TrainingRunLinks.Latest(session.Layout.Root) is { } run ? TrainingRunSection.Read(run) : null;
        return new BuildReport
        {
            Pipeline = plan.PipelineName,
            ConfigHash = plan.ConfigHash,
            Build = session.Layout.Root,
            Inputs = Inputs(plan, stats, reader),
            Totals = new TotalsReport
            {
                DocsRead = docsRead,
                DocsKept = stages.Count > 0 ? stages[^1].DocsOut : docsRead,
                BytesRead = bytesRead,
                BytesKept = stages.Count > 0 ? stages[^1].BytesOut : bytesRead,
                QuarantinedRecords = reader.GetValueOrDefault(ReaderCounters.Quarantined),
                NotDocuments = Table(ReaderCounters.NotDocumentCounts(reader, plan.SkippedInputs.Count)),
                TaskSeconds = Round(stats.TaskSeconds()),
                FinalPassMbPerSecondPerCore = finalSeconds > 0 ? Round(bytesRead / 1e6 / finalSeconds) : 0,
            },
            Stages = stages,
            Phases = plan.Phases.Select(p => Phase(p, stats.Phase(p.Name))).ToList(),
            Histograms = new SizeHistograms { DocBytesRead = HistogramRow.Of(stats.DocBytesRead()), DocBytesKept = HistogramRow.Of(stats.DocBytesKept()) },
            Sections = Sections(extraSections),
            Training = training,
        };
    }

    private static InputsReport Inputs(Plan plan, BuildStats stats, IReadOnlyDictionary<string, long> reader)
    {
        var missing = new List<string>();
        // Keyed by file: the ranges of a split file (consecutive tasks) add up to one line, as if it were read whole.
        var damaged = new OrderedDictionary<string, DamagedInput>(StringComparer.Ordinal);
        foreach (var t in stats.FirstPass.OrderBy(t => t.Rank))
        {
            string path = plan.Shards[t.Rank].Path;
            long quarantined = t.Reader.GetValueOrDefault(ReaderCounters.Quarantined), regions = t.Reader.GetValueOrDefault(ReaderCounters.DamagedRegions);
            bool truncated = t.Reader.GetValueOrDefault(ReaderCounters.TruncatedFiles) > 0;
            if (t.Reader.GetValueOrDefault(ReaderCounters.MissingFiles) > 0) { if (!missing.Contains(path)) missing.Add(path); }
            else if (quarantined > 0 || truncated || regions > 0)
                damaged[path] = damaged.TryGetValue(path, out var d)
                    ? d with { QuarantinedRecords = d.QuarantinedRecords + quarantined, DamagedRegions = d.DamagedRegions + regions, Truncated = d.Truncated || truncated }
                    : new DamagedInput(path, quarantined, regions, truncated);
        }
        return new InputsReport
        {
            Shards = plan.Shards.Select(s => s.Path).Distinct(StringComparer.Ordinal).Count(),
            Bytes = plan.Shards.Sum(s => s.Bytes),
            Reader = reader,
            Missing = missing,
            Damaged = damaged.Values.ToList(),
            Skipped = plan.SkippedInputs,
        };
    }

    private static List<StageReport> Stages(BuildSession session, BuildStats stats)
    {
        var plan = session.Plan;
        var stages = new List<StageReport>(stats.Funnel.Count);
        foreach (var at in stats.Funnel)
        {
            string name = at.Step.Stage;
            var step = stats.Step(at);
            // A global stage's time is its passes' and its resolve phases'.
            double seconds = stats.StageSeconds(name);
            var resolve = new OrderedDictionary<string, ResolveReport>();
            foreach (var phase in plan.Phases.Where(p => p.Kind == PhaseKind.Resolve && p.Stage == name))
            {
                double phaseSeconds = stats.PhaseSeconds(phase.Name);
                seconds += phaseSeconds;
                resolve[phase.Name] = new ResolveReport { Tasks = phase.Tasks, Seconds = Round(phaseSeconds), Counters = stats.PhaseCounters(phase.Name) };
            }
            var declared = (session.Stage(name) as Stages.IDeclaresDropReasons)?.DropReasons ?? [];
            stages.Add(new StageReport
            {
                Name = name,
                Kind = at.Step.Mode == StepMode.Apply ? "global" : "document",
                DocsIn = step.DocsIn,
                DocsOut = step.DocsOut,
                DocsDropped = step.Drops.Values.Sum(d => d.Docs),
                BytesIn = step.BytesIn,
                BytesOut = step.BytesOut,
                Drops = DropsInRuleOrder(step.Drops, declared),
                Counters = step.Counters,
                Seconds = Round(seconds),
                DocsPerSecond = seconds > 0 ? Math.Round(step.DocsIn / seconds) : 0,
                MbPerSecond = seconds > 0 ? Round(step.BytesIn / 1e6 / seconds) : 0,
                Resolve = resolve.Count > 0 ? resolve : null,
            });
        }
        return stages;
    }

    /// <summary>Drops in the order the stage declares its rules (the first rule failed is the one counted), then
    /// undeclared reasons, most documents first.</summary>
    private static OrderedDictionary<string, DropReport> DropsInRuleOrder(IReadOnlyDictionary<string, DropCount> drops, IReadOnlyList<string> declared) =>
        new(drops.OrderBy(p => IndexOrLast(declared, p.Key)).ThenByDescending(p => p.Value.Docs).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, new DropReport(p.Value.Docs, p.Value.Bytes))));

    private static PhaseReport Phase(PhasePlan phase, IReadOnlyList<TaskStats> tasks) => new()
    {
        Name = phase.Name,
        Kind = phase.Kind.ToString().ToLowerInvariant(),
        Tasks = phase.Tasks,
        TasksReported = tasks.Count,
        TaskSeconds = Round(tasks.Sum(t => t.Seconds)),
        InputBytes = tasks.Sum(t => t.InputBytes),
    };

    /// <summary>The finalizers' sections by name, each checked for non-finite numbers on its own so the error names it.</summary>
    private static Dictionary<string, JsonElement>? Sections(IReadOnlyDictionary<string, object> extra)
    {
        if (extra.Count == 0) return null;
        var sections = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in extra.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // A section under a core name would write that key twice.
            if (CoreSections.Contains(key)) throw new ArgumentException($"report section '{key}' has the name of a core section of report.json");
            using var section = JsonDocument.Parse(FiniteNumbers.Section(key, value, Plan.Json)?.ToJsonString() ?? "null");
            sections[key] = section.RootElement.Clone();
        }
        return sections;
    }

    private static readonly HashSet<string> CoreSections =
        ReportJsonContext.Default.BuildReport.Properties.Where(p => !p.IsExtensionData).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private static OrderedDictionary<string, long> Table(IReadOnlyList<(string Name, long Count)> rows) =>
        new(rows.Select(r => KeyValuePair.Create(r.Name, r.Count)));

    private static double Round(double v) => Math.Round(v, 3);

    private static int IndexOrLast(IReadOnlyList<string> order, string reason)
    {
        for (int i = 0; i < order.Count; i++) if (order[i] == reason) return i;
        return int.MaxValue;
    }
}
