using System.IO.Compression;
using System.IO.Hashing;
using DataPipe.Core.Formats.Gzip;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Tests.Formats;

/// <summary>
/// The native inflate self-check and its GZipStream-based fallback: a failed check is logged once, and the fallback
/// reads the same bytes, members, breaks and damaged ranges as the native path.
/// </summary>
public sealed class InflaterFallbackTests
{
    private static readonly InflaterChoice Native = new(() => new NativeInflater());
    private static readonly InflaterChoice Broken = new(() => throw new EntryPointNotFoundException("Unable to find an entry point named 'CompressionNative_Inflate'"));

    [Fact]
    public void The_runtime_passes_the_native_self_check()
    {
        Assert.Null(InflaterChoice.Shared.Failure);
        using var inflater = InflaterChoice.Shared.Create();
        Assert.IsType<NativeInflater>(inflater);
    }

    [Fact]
    public void A_failed_self_check_falls_back_and_logs_one_line_naming_what_failed()
    {
        var choice = new InflaterChoice(() => throw new EntryPointNotFoundException("Unable to find an entry point named 'CompressionNative_Inflate'"));
        var log = new ListLogger();
        choice.ReportOnce(log);
        choice.ReportOnce(log);
        using (var inflater = choice.Create()) Assert.IsType<ManagedInflater>(inflater);
        choice.ReportOnce(log);

        var line = Assert.Single(log.Lines);
        Assert.Contains("EntryPointNotFoundException", line);
        Assert.Contains("CompressionNative_Inflate", line);
        Assert.Contains("GZipStream", line);

        // A passing check says nothing.
        var quiet = new ListLogger();
        Native.ReportOnce(quiet);
        Assert.Empty(quiet.Lines);
    }

    [Fact]
    public void An_inflater_that_miscounts_its_input_fails_the_check()
    {
        var choice = new InflaterChoice(() => new OverCounting(new NativeInflater()));
        Assert.NotNull(choice.Failure);
        Assert.Contains("consumed", choice.Failure);
        using var inflater = choice.Create();
        Assert.IsType<ManagedInflater>(inflater);
    }

    public static TheoryData<string> Files() => new() { "real-text", "header-fields", "garbage-between", "zero-padding", "half-member-appended", "truncated-mid-member", "flipped-byte", "bad-crc", "empty-members" };

    [Theory]
    [MemberData(nameof(Files))]
    public void The_fallback_reads_what_the_native_path_reads(string name)
    {
        byte[] file = Build(name);
        foreach (int readSize in new[] { 1 << 16, 4093, 17 })
        {
            var native = Read(file, Native, readSize);
            var managed = Read(file, Broken, readSize);
            bool intact = name is "real-text" or "header-fields" or "zero-padding" or "empty-members";
            Assert.Equal(intact, native.Damage.Length == 0);
            Assert.Equal(native.Members, managed.Members);
            Assert.Equal(native.Damage, managed.Damage);
            Assert.Equal(native.Breaks, managed.Breaks);
            Assert.Equal(native.Damaged, managed.Damaged);
            Assert.Equal(native.Output.Length, managed.Output.Length);
            Assert.True(native.Output.AsSpan().SequenceEqual(managed.Output), $"{name}: outputs differ (read size {readSize})");
        }
    }

    private sealed record Result(byte[] Output, long Members, long[] Breaks, (long, long)[] Damaged, long[] Damage);

    private static Result Read(byte[] file, InflaterChoice choice, int readSize)
    {
        var damage = new List<long>();
        using var gzip = new GzipMemberStream(new MemoryStream(file), (offset, _, _) => damage.Add(offset), choice);
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = gzip.Read(buffer)) > 0) output.Write(buffer, 0, n);
        return new Result(output.ToArray(), gzip.Members, [.. gzip.Breaks], [.. gzip.Damaged], [.. damage]);
    }

    private static byte[] Build(string name)
    {
        var members = RealText().Select(Gzip).ToList();
        byte[] Join() => members.SelectMany(m => m).ToArray();
        switch (name)
        {
            case "real-text":
                return Join();
            case "header-fields":
                members.Insert(1, GzipWithHeaderFields("a member with FEXTRA, FNAME, FCOMMENT and FHCRC\n"u8.ToArray()));
                return Join();
            case "garbage-between":
                members.Insert(2, "not gzip at all \x1f\x8b but almost"u8.ToArray());
                return Join();
            case "zero-padding":
                return [.. Join(), .. new byte[700]];
            case "half-member-appended":
                return [.. Join(), .. members[0].AsSpan(0, members[0].Length / 2)];
            case "truncated-mid-member":
                var all = Join();
                return all.AsSpan(0, all.Length - members[^1].Length / 3).ToArray();
            case "flipped-byte":
                members[1][members[1].Length / 2] ^= 0x55;
                return Join();
            case "bad-crc":
                members[1][^6] ^= 0x01;
                return Join();
            case "empty-members":
                members.Insert(1, Gzip([]));
                members.Add(Gzip([]));
                return Join();
            default:
                throw new ArgumentException(name);
        }
    }

    /// <summary>Text files from /usr/share/doc (real prose and change logs), or generated lines where there are none.</summary>
    private static List<byte[]> RealText()
    {
        var files = Directory.Exists("/usr/share/doc")
            ? Directory.EnumerateFiles("/usr/share/doc", "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".gz", StringComparison.Ordinal) && new FileInfo(f).Length is > 200 and < 200_000)
                .Order(StringComparer.Ordinal).Take(12).Select(File.ReadAllBytes).ToList()
            : [];
        var random = new Random(7);
        while (files.Count < 6)
            files.Add(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i => $"line {i} {random.Next()}\n"))));
        return files;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>A member with every optional header field, which GZipStream never writes but other tools do.</summary>
    private static byte[] GzipWithHeaderFields(byte[] bytes)
    {
        var header = new List<byte> { 0x1f, 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3, 5, 0 };
        header.AddRange("ab\x03\x00xyz"u8.ToArray().Take(5));
        header.AddRange("name.txt\0"u8.ToArray());
        header.AddRange("a comment\0"u8.ToArray());
        uint headerCrc = Crc32.HashToUInt32(header.ToArray());
        header.Add((byte)headerCrc);
        header.Add((byte)(headerCrc >> 8));
        var body = new MemoryStream();
        using (var deflate = new DeflateStream(body, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(bytes);
        uint crc = Crc32.HashToUInt32(bytes);
        return [.. header, .. body.ToArray(), .. BitConverter.GetBytes(crc), .. BitConverter.GetBytes((uint)bytes.Length)];
    }

    private sealed class OverCounting(IInflater inner) : IInflater
    {
        public void Reset() => inner.Reset();
        public string? LastMessage => inner.LastMessage;
        public void Dispose() => inner.Dispose();

        public int Inflate(ReadOnlyMemory<byte> input, Span<byte> output, out int consumed, out int produced)
        {
            int rc = inner.Inflate(input, output, out consumed, out produced);
            consumed = input.Length;
            return rc;
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
