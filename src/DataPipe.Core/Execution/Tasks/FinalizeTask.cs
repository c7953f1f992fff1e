using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Execution.Tasks;

/// <summary>The build's last task: each stage's finalizer (the token manifest, …), the rejected samples merged, and
/// <c>report.json</c>.</summary>
internal sealed class FinalizeTask(BuildSession session, ILogger logger)
{
    private BuildLayout Layout => session.Layout;

    public TaskStats Run(PhasePlan phase, CancellationToken cancellation)
    {
        var context = new FinalizeContext { Layout = Layout, Shards = session.Plan.Shards, Logger = logger };
        foreach (var finalizer in session.Pipeline.Stages.OfType<IBuildFinalizer>())
        {
            cancellation.ThrowIfCancellationRequested();
            finalizer.Finalize(context);
        }
        // Every pass that sampled its drops (the final one; each one when passes carry documents).
        var samples = session.Plan.Phases.Where(p => p.Kind == PhaseKind.Pass)
            .SelectMany(p => Enumerable.Range(0, p.Tasks).Select(r => Layout.RejectedSampleFile(p.Name, r))).Where(File.Exists);
        RejectedSampler.Merge(samples, Layout.RejectedDirectory, session.Pipeline.RejectedSamplesPerReason);
        var report = BuildReport.Create(session, context.ReportSections);
        report.Write(Layout);
        return new TaskStats { Phase = phase.Name, Rank = 0 };
    }
}
