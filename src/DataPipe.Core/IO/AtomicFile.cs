namespace DataPipe.Core.IO;

/// <summary>
/// A file that becomes visible under its final name only when complete: written to a temporary name, flushed to
/// disk, then renamed. Inside a build folder the temporary lives in the build's <c>.tmp/</c> folder (see
/// <see cref="TemporaryFolder"/>), where no output glob looks; elsewhere it sits beside the final name. Disposing
/// without <see cref="Commit"/> deletes the temporary, so a killed or failed task never leaves a half-written
/// output where readers look.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _done;

    private AtomicFile(string path)
    {
        FinalPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(directory);
        string suffix = $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        TempPath = TemporaryFolder.Find(directory) is { } temporaries
            ? Path.Combine(temporaries, Path.GetFileName(FinalPath) + suffix)
            : FinalPath + suffix;
        _stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    public string FinalPath { get; }
    public string TempPath { get; }

    /// <summary>The stream to write; do not dispose it separately (wrappers should leave it open).</summary>
    public FileStream Stream => _stream;

    public static AtomicFile Create(string path) => new(path);

    public void Commit()
    {
        if (_done) throw new InvalidOperationException($"{FinalPath} was already committed or discarded");
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(TempPath, FinalPath, overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _stream.Dispose();
        try { File.Delete(TempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static void WriteAllText(string path, string text)
    {
        using var file = Create(path);
        using (var writer = new StreamWriter(file.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
            writer.Write(text);
        file.Commit();
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>
    /// Removes temporaries left by a killed process under <paramref name="directory"/> (names holding
    /// <c>.tmp-&lt;pid&gt;-&lt;guid&gt;</c>). For a build, pass its <c>.tmp/</c> folder and hold the build lock:
    /// a live process's temporaries look exactly like a dead one's.
    /// </summary>
    public static int DeleteStaleTemporaries(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        int n = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*.tmp-*", SearchOption.AllDirectories))
        {
            try { File.Delete(path); n++; } catch (IOException) { }
        }
        return n;
    }
}
