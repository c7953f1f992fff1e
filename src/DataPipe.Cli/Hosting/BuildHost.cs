using DataPipe.Cli.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataPipe.Cli.Hosting;

/// <summary>
/// Runs one piece of long work as a hosted service, so that Ctrl+C and SIGTERM arrive as a cancellation the
/// work can honour at a task boundary, and the process exits with the work's own exit code.
/// </summary>
public static class BuildHost
{
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> work, LogLevel minimum = LogLevel.Information)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.ColorBehavior = Console.IsErrorRedirected ? Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Disabled : Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Default;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(minimum);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
        var result = new WorkResult();
        builder.Services.AddSingleton(result);
        builder.Services.AddSingleton(work);
        builder.Services.AddHostedService<WorkService>();
        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return result.ExitCode;
    }

    private sealed class WorkResult
    {
        public int ExitCode { get; set; } = ExitCodes.Cancelled;
    }

    private sealed class WorkService(
        Func<IServiceProvider, CancellationToken, Task<int>> work,
        WorkResult result,
        IServiceProvider services,
        IHostApplicationLifetime lifetime,
        ILogger<WorkService> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await Task.Yield();
                result.ExitCode = await work(services, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("stopped: completed tasks are kept; run the same command again to resume");
                result.ExitCode = ExitCodes.Cancelled;
            }
            catch (Exception e)
            {
                // An unhandled exception here would make the host rethrow and abort; report it as one line and exit
                // non-zero instead (the stack trace only with --verbose).
                result.ExitCode = Failure.Report(e, Console.Error);
            }
            finally
            {
                lifetime.StopApplication();
            }
        }
    }
}
