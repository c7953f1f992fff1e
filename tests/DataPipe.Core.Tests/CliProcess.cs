using System.Diagnostics;

namespace DataPipe.Core.Tests;

/// <summary>Runs the real <c>datapipe</c> CLI as a child process, as a user would.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;
}

public static class CliProcess
{
    public static CliResult Run(string workingDirectory, params string[] args) => RunAsync(workingDirectory, TimeSpan.FromMinutes(5), args).GetAwaiter().GetResult();

    public static Process Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(TestPaths.CliDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["CI"] = "true";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start datapipe");
    }

    public static async Task<CliResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"datapipe {string.Join(' ', args)} did not finish in {timeout}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
