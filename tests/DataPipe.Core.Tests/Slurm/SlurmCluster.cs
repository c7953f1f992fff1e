using System.Diagnostics;

namespace DataPipe.Core.Tests.Slurm;

/// <summary>
/// The local Slurm the integration tests run on (started by <c>scripts/slurm.sh start</c>). Missing Slurm is a
/// failure, not a skip: CI starts it, so a silent skip would hide a broken executor.
/// </summary>
public static class SlurmCluster
{
    public static void RequireRunning()
    {
        var (code, output) = Run("sinfo", "-h", "-o", "%T");
        var states = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (code != 0 || !states.Any(s => s is "idle" or "mixed" or "allocated"))
            Assert.Fail($"no usable local Slurm (sinfo exit {code}: {output.Trim()}). Start it with `sudo {Path.Combine(TestPaths.RepoRoot, "scripts", "slurm.sh")} start` (CI's .ci/run does this before the tests).");
    }

    /// <summary>Queued or running array tasks of jobs with these names, as <c>jobid_index STATE</c> lines.</summary>
    public static IReadOnlyList<string> Queue(params string[] jobNames)
    {
        var (code, output) = Run("squeue", "-h", "-r", "-n", string.Join(',', jobNames), "-o", "%i %T");
        Assert.True(code == 0, "squeue failed: " + output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static (int Code, string Output) Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, $"{command}: {e.Message}");
        }
    }
}

/// <summary>Slurm tests share one 2-CPU node: run them one at a time.</summary>
[CollectionDefinition("slurm", DisableParallelization = true)]
public sealed class SlurmCollection;
