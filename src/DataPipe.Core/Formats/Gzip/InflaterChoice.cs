using System.IO.Compression;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Formats.Gzip;

/// <summary>
/// Native or managed inflate, decided once per process by inflating a known two-member gzip file through
/// <see cref="NativeInflater"/>. Its exports are private to the .NET runtime: an upgrade that renames them, changes
/// the z_stream layout or the return codes would otherwise fail every .gz shard, or worse, misread them quietly.
/// </summary>
internal sealed class InflaterChoice
{
    private static readonly byte[] Probe = "DataPipe inflate self-check: the quick brown fox jumps over the lazy dog. "u8.ToArray();

    private readonly Func<IInflater> _native;
    private readonly Lazy<string?> _failure;
    private int _reported;

    public InflaterChoice(Func<IInflater> native)
    {
        _native = native;
        _failure = new(() => SelfCheck(native));
    }

    public static InflaterChoice Shared { get; } = new(() => new NativeInflater());

    /// <summary>What failed in the native self-check, or null when the native inflater is used.</summary>
    public string? Failure => _failure.Value;

    public IInflater Create() => Failure is null ? _native() : new ManagedInflater();

    /// <summary>Logs the fallback, once per process however many tasks ask.</summary>
    public void ReportOnce(ILogger logger)
    {
        if (Failure is { } failure && Interlocked.Exchange(ref _reported, 1) == 0)
            logger.LogWarning("gzip: the runtime's native inflate failed its self-check ({Failure}); reading .gz with the slower GZipStream-based fallback", failure);
    }

    private static string? SelfCheck(Func<IInflater> create)
    {
        try
        {
            byte[] member = Compress(Probe);
            byte[] twoMembers = [.. member, .. member];
            using var inflater = create();
            for (int m = 0; m < 2; m++)
            {
                if (m > 0) inflater.Reset();
                var output = new byte[Probe.Length + 16];
                int rc = inflater.Inflate(twoMembers.AsMemory(m * member.Length), output, out int consumed, out int produced);
                // The member must end exactly at its trailer: the consumed count is what the native path is for.
                if (rc != IInflater.StreamEnd) return $"member {m}: return code {rc}, expected {IInflater.StreamEnd} (stream end); {inflater.LastMessage}";
                if (consumed != member.Length) return $"member {m}: consumed {consumed} bytes, expected {member.Length}";
                if (!output.AsSpan(0, produced).SequenceEqual(Probe)) return $"member {m}: inflated {produced} bytes that differ from the {Probe.Length} compressed";
            }
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return buffer.ToArray();
    }
}
