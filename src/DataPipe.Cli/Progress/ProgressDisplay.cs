using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DataPipe.Cli.Progress;

/// <summary>
/// Shows a build's progress: a live Spectre.Console bar on a terminal, or a plain log line every few seconds
/// when output is captured (CI logs), where redrawn bars would be noise.
/// </summary>
public sealed class ProgressDisplay : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    private ProgressDisplay(CancellationTokenSource stop, Task loop)
    {
        _stop = stop;
        _loop = loop;
    }

    public static bool IsInteractive => !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive
        && Environment.GetEnvironmentVariable("CI") is null;

    public static ProgressDisplay Start(ProgressCounters counters, ILogger logger, TimeSpan logInterval)
    {
        var stop = new CancellationTokenSource();
        var loop = IsInteractive
            ? Task.Run(() => RunTerminal(counters, stop.Token))
            : Task.Run(() => RunLog(counters, logger, logInterval, stop.Token));
        return new ProgressDisplay(stop, loop);
    }

    private static async Task RunLog(ProgressCounters counters, ILogger logger, TimeSpan interval, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, stop).ConfigureAwait(false);
                if (counters.TasksTotal > 0) logger.LogInformation("progress {Line}", counters.Line());
            }
        }
        catch (OperationCanceledException) { }
    }

    private static async Task RunTerminal(ProgressCounters counters, CancellationToken stop)
    {
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                ProgressTask? bar = null;
                string phase = "";
                while (!stop.IsCancellationRequested)
                {
                    if (counters.Phase != phase || bar is null)
                    {
                        bar?.StopTask();
                        phase = counters.Phase;
                        bar = ctx.AddTask(Markup.Escape(phase), maxValue: Math.Max(1, counters.TasksTotal));
                    }
                    bar.Value = counters.TasksDone;
                    bar.Description = Markup.Escape($"{phase} {counters.TasksDone}/{counters.TasksTotal} · {counters.DocsPerSecond:N0} docs/s · {counters.MegabytesPerSecond:F1} MB/s");
                    try { await Task.Delay(250, stop).ConfigureAwait(false); } catch (OperationCanceledException) { }
                }
            }).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
