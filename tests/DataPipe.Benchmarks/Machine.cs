namespace DataPipe.Benchmarks;

/// <summary>What a benchmark row should say about the machine it ran on (it is shared, so the load matters).</summary>
internal static class Machine
{
    /// <summary>The 1/5/15-minute load averages.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

    /// <summary>The CPU's model name from /proc/cpuinfo.</summary>
    public static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo")) return "n/a";
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "n/a" : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
