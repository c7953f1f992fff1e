namespace DataPipe.Core.IO;

/// <summary>
/// A file that becomes visible under its final name only when complete: written to a temporary name beside it,
/// flushed to disk, then renamed. Disposing without <see cref="Commit"/> deletes the temporary, so a killed or
/// failed task never leaves a half-written output where readers look.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _done;

    private AtomicFile(string path)
    {
        FinalPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FinalPath)!);
        TempPath = $"{FinalPath}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
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

    /// <summary>Removes temporaries left by a killed process (names ending in <c>.tmp-&lt;pid&gt;-&lt;guid&gt;</c>).</summary>
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
