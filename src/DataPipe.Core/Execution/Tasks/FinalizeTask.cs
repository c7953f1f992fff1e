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
        var finalPass = session.Plan.Phases.Last(p => p.FinalPass);
        var samples = Enumerable.Range(0, finalPass.Tasks).Select(r => Layout.RejectedSampleFile(finalPass.Name, r)).Where(File.Exists);
        RejectedSampler.Merge(samples, Layout.RejectedDirectory, session.Pipeline.RejectedSamplesPerReason);
        var report = BuildReport.Create(session, context.ReportSections);
        report.Write(Layout);
        return new TaskStats { Phase = phase.Name, Rank = 0 };
    }
}
