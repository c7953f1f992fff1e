using System.Diagnostics;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Faults;

/// <summary>
/// A full disk and a read-only output folder, made real with a small tmpfs mounted by the test (root only; CI runs as
/// root): the build fails with an error naming the path, leaves nothing corrupt, and a rerun after the fix completes.
/// </summary>
public sealed class DiskFaultTests : IDisposable
{
    private const string Stages = "  - type: write_documents\n  - type: write_documents\n    name: parquet_copy\n    format: parquet\n";
    private readonly TempDirectory _dir = new();
    private readonly string _mount;
    private bool _mounted;

    public DiskFaultTests() => _mount = _dir.File("mnt");

    public void Dispose()
    {
        if (_mounted) Sh("umount", _mount);
        _dir.Dispose();
    }

    [Fact]
    public void FullDiskFailsNamingThePathAndARerunAfterMoreSpaceResumes()
    {
        var expected = CleanBuild();
        Mount("size=300k");
        string outDir = Path.Combine(_mount, "out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir, Stages);

        var full = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.NotEqual(0, full.ExitCode);
        Assert.Contains("No space left on device", full.All);
        Assert.Contains(outDir, full.All);
        BuildOutputs.AssertNoPartialOutputs(outDir);

        Sh("mount", "-o", "remount,size=64m", _mount);
        var rerun = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Equal(expected, CorpusFiles.Hashes(Path.Combine(outDir, "documents")));
        Assert.Empty(Directory.EnumerateFiles(outDir, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void ReadOnlyOutputFolderFailsNamingThePathAndARerunAfterTheFixCompletes()
    {
        var expected = CleanBuild();
        Mount("size=64m");
        string outDir = Path.Combine(_mount, "out");
        Directory.CreateDirectory(outDir);
        Sh("mount", "-o", "remount,ro", _mount);
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), outDir, Stages);

        var refused = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Read-only file system", refused.All);
        Assert.Contains(outDir, refused.All);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));

        Sh("mount", "-o", "remount,rw", _mount);
        var rerun = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", "2");
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Equal(expected, CorpusFiles.Hashes(Path.Combine(outDir, "documents")));
    }

    private SortedDictionary<string, string> CleanBuild()
    {
        Assert.True(Environment.UserName == "root" || geteuid() == 0, "DiskFaultTests mount a tmpfs and need root (CI runs as root)");
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 4, docsPerShard: 600, wordsPerDoc: 100);
        var clean = CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), _dir.File("clean"), Stages), "--workers", "2");
        Assert.True(clean.ExitCode == 0, clean.All);
        return CorpusFiles.Hashes(_dir.File("clean/documents"));
    }

    private void Mount(string options)
    {
        Directory.CreateDirectory(_mount);
        Sh("mount", "-t", "tmpfs", "-o", options, "tmpfs", _mount);
        _mounted = true;
    }

    private static void Sh(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true }) ?? throw new InvalidOperationException(command);
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} failed: {error}");
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
