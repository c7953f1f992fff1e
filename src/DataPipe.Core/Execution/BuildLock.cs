using System.Globalization;
using DataPipe.Core.IO;

namespace DataPipe.Core.Execution;

/// <summary>
/// The exclusive hold a driver (<c>datapipe run</c>, <c>datapipe clean</c>) keeps on a build folder while it works.
/// It is an OS file lock on <c>&lt;build&gt;/.lock</c> (.NET takes <c>flock(LOCK_EX)</c> for
/// <see cref="FileShare.None"/> on Unix), so the kernel drops it when the process dies, however it dies: a SIGKILLed
/// build never blocks its rerun. Who holds it is written beside it in <c>.lock.holder</c>, because the locked file
/// itself cannot be opened by anyone else. Slurm array tasks never take it: the submitting driver holds it for the
/// whole build.
/// </summary>
public sealed class BuildLock : IDisposable
{
    private readonly FileStream _handle;

    private BuildLock(FileStream handle) => _handle = handle;

    public static string LockFile(BuildLayout layout) => Path.Combine(layout.Root, ".lock");

    public static string HolderFile(BuildLayout layout) => Path.Combine(layout.Root, ".lock.holder");

    /// <summary>Takes the lock or throws <see cref="BuildLockedException"/> naming the holder; never waits.</summary>
    public static BuildLock Acquire(BuildLayout layout, string command)
    {
        Directory.CreateDirectory(layout.Root);
        FileStream handle;
        try
        {
            handle = new FileStream(LockFile(layout), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(LockFile(layout)))
        {
            throw new BuildLockedException(layout.Root, ReadHolder(layout));
        }
        string holder = string.Create(CultureInfo.InvariantCulture,
            $"{command} pid {Environment.ProcessId} on host {Environment.MachineName}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z");
        AtomicFile.WriteAllText(HolderFile(layout), holder + "\n");
        return new BuildLock(handle);
    }

    private static string ReadHolder(BuildLayout layout)
    {
        try
        {
            return File.ReadAllText(HolderFile(layout)).Trim();
        }
        catch (IOException)
        {
            return "another process (its holder file is unreadable)";
        }
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>A second driver on a build folder that a live one is using.</summary>
public sealed class BuildLockedException(string build, string holder)
    : Exception($"{build} is in use by {holder}; wait for it to finish or stop it (a killed holder releases the lock by itself)")
{
    public string Build { get; } = build;
}
