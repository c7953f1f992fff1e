using System.Diagnostics;
using System.Globalization;

namespace DataPipe.Benchmarks;

/// <summary>What one child process did: its output, wall time and peak resident set.</summary>
internal sealed record ProcessMeasurement(string StdOut, string StdErr, double WallSeconds, long PeakRssKb, string PeakRssSource)
{
    /// <summary>User + system CPU seconds (GNU time's; NaN without it): over wall time, the cores the child really had.</summary>
    public double CpuSeconds { get; init; } = double.NaN;

    public double PeakRssMb => PeakRssKb * 1024 / 1e6;
}

/// <summary>
/// Runs a command as a child process and measures it. Peak RSS is the kernel's own maximum (<c>ru_maxrss</c>, via GNU
/// <c>/usr/bin/time</c>) when that tool is installed, else the VmHWM of <c>/proc/&lt;pid&gt;/status</c> sampled every
/// 20 ms while the child runs. A non-zero exit code throws, with the child's stderr.
/// </summary>
internal static class MeasuredProcess
{
    private const string GnuTime = "/usr/bin/time";

    public static ProcessMeasurement Run(string command, params IEnumerable<string> arguments)
    {
        bool kernelPeak = File.Exists(GnuTime);
        string peakFile = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo(kernelPeak ? GnuTime : command) { RedirectStandardOutput = true, RedirectStandardError = true };
            if (kernelPeak)
                foreach (string a in new[] { "-f", "%M %U %S", "-o", peakFile, command }) info.ArgumentList.Add(a);
            foreach (string a in arguments) info.ArgumentList.Add(a);

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            long sampledKb = 0;
            while (!process.WaitForExit(20)) sampledKb = Math.Max(sampledKb, ProcStatus.HighWaterMarkKb(process.Id));
            process.WaitForExit();
            double wall = clock.Elapsed.TotalSeconds;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stderr.Result}");
            if (!kernelPeak) return new(stdout.Result, stderr.Result, wall, sampledKb, "VmHWM sampled every 20 ms");
            var (peakKb, cpuSeconds) = ReadGnuTime(peakFile);
            return new(stdout.Result, stderr.Result, wall, peakKb, "ru_maxrss (/usr/bin/time)") { CpuSeconds = cpuSeconds };
        }
        finally
        {
            File.Delete(peakFile);
        }
    }

    /// <summary>The <c>%M %U %S</c> line GNU time wrote (its last line; a failed command gets a status line before it).</summary>
    private static (long PeakKb, double CpuSeconds) ReadGnuTime(string file)
    {
        var fields = File.ReadAllLines(file).Last(l => l.Trim().Length > 0).Trim().Split(' ');
        return (long.Parse(fields[0], CultureInfo.InvariantCulture),
            double.Parse(fields[1], CultureInfo.InvariantCulture) + double.Parse(fields[2], CultureInfo.InvariantCulture));
    }
}
