using System.Text.Json;
using DataPipe.Core.Formats;
using DataPipe.Core.IO;

namespace DataPipe.Core.Execution.Tasks;

/// <summary>
/// Quarantine of one task: <c>quarantine/shard-NNNNN.jsonl</c> lists each bad record (file, offset, error) and
/// <c>quarantine/shard-NNNNN/&lt;offset&gt;.bin</c> keeps its first bytes for a human to look at.
/// Everything is committed with the task, so a rerun of a killed task writes the same files again.
/// </summary>
public sealed class FileQuarantine : IQuarantine, IDisposable
{
    public const int MaxSampleBytes = 1 << 20;

    private readonly string _directory;
    private readonly int _shard;
    private readonly bool _writeFiles;
    private readonly List<string> _lines = [];
    private readonly Microsoft.Extensions.Logging.ILogger _logger;

    public FileQuarantine(BuildLayout layout, int shard, bool writeFiles, Microsoft.Extensions.Logging.ILogger logger)
    {
        _directory = layout.QuarantineDirectory;
        _shard = shard;
        _writeFiles = writeFiles;
        _logger = logger;
    }

    public int Count => _lines.Count;

    public void Add(string file, long offset, string error, ReadOnlySpan<byte> sample)
    {
        string? sampleFile = null;
        if (_writeFiles && !sample.IsEmpty)
        {
            sampleFile = Path.Combine($"shard-{_shard:D5}", $"{Math.Max(offset, 0):D12}-{_lines.Count:D5}.bin");
            AtomicFile.WriteAllBytes(Path.Combine(_directory, sampleFile), sample[..Math.Min(sample.Length, MaxSampleBytes)]);
        }
        _lines.Add(JsonSerializer.Serialize(new QuarantineEntry(file, offset, error, sampleFile), QuarantineEntry.Json));
        if (_lines.Count <= 20)
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_logger, "quarantined {File} at offset {Offset}: {Error}", file, offset, error);
    }

    public void Commit()
    {
        if (!_writeFiles || _lines.Count == 0) return;
        AtomicFile.WriteAllText(Path.Combine(_directory, $"shard-{_shard:D5}.jsonl"), string.Join('\n', _lines) + "\n");
    }

    public void Dispose() { }
}

public sealed record QuarantineEntry(string File, long Offset, string Error, string? Sample)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
