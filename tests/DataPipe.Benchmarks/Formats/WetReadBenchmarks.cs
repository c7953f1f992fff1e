using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DataPipe.Core.Execution;
using DataPipe.Core.Formats;
using DataPipe.Core.Formats.Gzip;
using DataPipe.Core.Formats.Warc;
using DataPipe.Core.Reporting;

namespace DataPipe.Benchmarks.Formats;

/// <summary>
/// WET.gz → documents on a generated ~50 MB (uncompressed) WET file, one gzip member per record as Common Crawl
/// ships them. Inflate alone and parse alone (from the plain file) are measured too, so the numbers say where the
/// time goes. The MB/s column is uncompressed WET bytes per second on one core (the reader is single-threaded).
/// </summary>
[Config(typeof(Columns))]
[SimpleJob(warmupCount: 1, iterationCount: 5, invocationCount: 1)]
[MemoryDiagnoser]
public class WetReadBenchmarks
{
    private const long TargetBytes = 50L << 20;
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "datapipe-bench-wet");
    private static string GzPath => Path.Combine(Folder, "bench.wet.gz");
    private static string PlainPath => Path.Combine(Folder, "bench.wet");

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(Folder);
        var random = new Random(20240301);
        string[] words = EnglishWords();
        using var plain = File.Create(PlainPath);
        using var gz = File.Create(GzPath);
        var text = new StringBuilder();
        for (int record = 0; plain.Length < TargetBytes; record++)
        {
            text.Clear();
            int paragraphs = random.Next(3, 12);
            for (int p = 0; p < paragraphs; p++)
            {
                int sentences = random.Next(2, 8);
                for (int s = 0; s < sentences; s++)
                {
                    int length = random.Next(6, 22);
                    for (int w = 0; w < length; w++)
                    {
                        string word = words[(int)(Math.Pow(random.NextDouble(), 2.2) * words.Length)];
                        text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == length - 1 ? ". " : " ");
                    }
                }
                text.Append('\n');
            }
            byte[] block = Encoding.UTF8.GetBytes(text.ToString());
            byte[] bytes = [.. Encoding.ASCII.GetBytes($"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://site{record % 977}.example.com/article/{record}\r\n"
                + $"WARC-Date: 2024-03-01T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:{new Guid(random.NextBytes16()):D}>\r\nWARC-Refers-To: <urn:uuid:{Guid.Empty:D}>\r\n"
                + $"WARC-Block-Digest: sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\nContent-Type: text/plain\r\nContent-Length: {block.Length}\r\n\r\n"), .. block, .. "\r\n\r\n"u8];
            plain.Write(bytes);
            using var member = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true);
            member.Write(bytes);
        }
    }

    [Benchmark(Baseline = true, Description = "WET.gz → documents")]
    public long ReadWetGz() => ReadDocuments(GzPath);

    [Benchmark(Description = "inflate only (gzip members)")]
    public long InflateOnly()
    {
        using var file = File.OpenRead(GzPath);
        using var gzip = new GzipMemberStream(file, (_, error, _) => throw new InvalidDataException(error));
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = gzip.Read(buffer)) > 0) total += n;
        return total;
    }

    [Benchmark(Description = "parse only (plain WET → documents)")]
    public long ParsePlain() => ReadDocuments(PlainPath);

    private static long ReadDocuments(string path)
    {
        var context = new ReaderContext
        {
            Shard = new InputShard { Index = 0, Path = path, Format = "wet", Name = "bench" },
            Counters = new Counters(),
            Quarantine = new ThrowingQuarantine(),
        };
        using var file = File.OpenRead(path);
        long chars = 0;
        foreach (var document in new WarcReader().Read(file, context)) chars += document.Text.Length;
        return chars;
    }

    private static string[] EnglishWords() =>
        ("the of and to a in is that for it as was with be by on not he this are or his from at which but have an they you were " +
         "her she there been one all we their has would when if so no will more can its about into than them some could time " +
         "only new these two may first then do any like my now over such our man me even most made after also did many before " +
         "must through back years where much your way well down should because each just those people how too little state good " +
         "very make world still own see men work long get here between both life being under never day same another know while " +
         "last might us great old year off come since against go came right used take three himself few house use during without " +
         "again place american around however home small found thought went say part once general high upon school every government " +
         "river council bridge committee proposal valley railway harbour library museum festival morning evening weather market").Split(' ');

    private sealed class ThrowingQuarantine : IQuarantine
    {
        public void Add(string file, long offset, string error, ReadOnlySpan<byte> sample) => throw new InvalidDataException($"{offset}: {error}");
    }

    /// <summary>Adds MB/s (uncompressed WET bytes per second, one core) to the summary table.</summary>
    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new RateColumn("MBps", "MB/s (uncompressed)",
            "Uncompressed WET megabytes (2^20) per second on one core", () => new FileInfo(PlainPath).Length / (1024.0 * 1024.0)));
    }
}

internal static class RandomExtensions
{
    public static byte[] NextBytes16(this Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }
}
