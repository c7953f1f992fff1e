using System.Diagnostics;
using System.Globalization;

namespace DataPipe.Core.Execution.Slurm;

/// <summary>Talks to Slurm through its client commands, which every cluster has (no REST daemon, no accounting needed).</summary>
public sealed class SlurmCommandLine : ISlurmScheduler
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public long Submit(string scriptPath, IReadOnlyList<long> afterOk)
    {
        var args = new List<string> { "--parsable" };
        if (afterOk.Count > 0) args.Add("--dependency=afterok:" + string.Join(':', afterOk.Select(id => id.ToString(CultureInfo.InvariantCulture))));
        args.Add(scriptPath);
        var (code, stdout, stderr) = Run("sbatch", args);
        string first = stdout.Trim().Split(';')[0];
        if (code != 0 || !long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            throw new SlurmException($"sbatch {scriptPath} failed (exit {code}): {stderr.Trim()}{stdout.Trim()}");
        return id;
    }

    public IReadOnlyList<SlurmTaskState> Active(IReadOnlyCollection<long> jobIds)
    {
        if (jobIds.Count == 0) return [];
        var (code, stdout, stderr) = Run("squeue", ["-h", "-r", "-o", "%i|%T|%r", "-j", string.Join(',', jobIds.Select(id => id.ToString(CultureInfo.InvariantCulture)))]);
        // Jobs purged from the controller (older than MinJobAge) make squeue fail with "Invalid job id": none is active.
        if (code != 0 && stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return [];
        if (code != 0) throw new SlurmException($"squeue failed (exit {code}): {stderr.Trim()}");
        var result = new List<SlurmTaskState>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // %i is "<array job id>_<index>", or "<array job id>_[0-5%2]" for elements not yet split off.
            var f = line.Split('|');
            var id = f[0].Split('_', 2);
            if (f.Length < 3 || id.Length < 2 || !long.TryParse(id[0], NumberStyles.None, CultureInfo.InvariantCulture, out long job)) continue;
            foreach (int element in SlurmArrayJob.ParseArrayField(id[1]))
            {
                var state = new SlurmTaskState(job, element, f[1], f[2]);
                if (!state.IsFinished) result.Add(state);
            }
        }
        return result;
    }

    public void Cancel(IReadOnlyCollection<long> jobIds)
    {
        if (jobIds.Count == 0) return;
        var (code, _, stderr) = Run("scancel", jobIds.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList());
        if (code != 0 && !stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase) && !stderr.Contains("already completing or completed", StringComparison.OrdinalIgnoreCase))
            throw new SlurmException($"scancel failed (exit {code}): {stderr.Trim()}");
    }

    public int? MaxArraySize()
    {
        try
        {
            var (code, stdout, _) = Run("scontrol", ["show", "config"]);
            if (code != 0) return null;
            foreach (var line in stdout.Split('\n'))
            {
                var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0] == "MaxArraySize" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int size))
                    return size;
            }
            return null;
        }
        catch (SlurmException)
        {
            return null;
        }
    }

    private static (int Code, string StdOut, string StdErr) Run(string command, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new SlurmException($"could not start {command}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SlurmException($"'{command}' is not available ({e.Message}); is this a Slurm login node? (locally: sudo scripts/slurm.sh start)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(CommandTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new SlurmException($"{command} did not answer within {CommandTimeout.TotalSeconds:F0} s; is slurmctld running?");
            }
            return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }
}

public sealed class SlurmException(string message) : Exception(message);
