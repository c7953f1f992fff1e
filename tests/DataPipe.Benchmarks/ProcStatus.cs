using System.Globalization;

namespace DataPipe.Benchmarks;

/// <summary>Reads <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcStatus
{
    /// <summary>The process's peak resident set so far (VmHWM) in kB, or 0 when it has already gone.</summary>
    public static long HighWaterMarkKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return 0;
    }
}
