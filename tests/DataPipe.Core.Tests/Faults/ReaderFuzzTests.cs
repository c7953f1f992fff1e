using System.IO.Compression;
using System.Text;
using System.Text.Json;
using DataPipe.Core.Execution;
using DataPipe.Core.Formats;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Tests.Faults;

/// <summary>
/// Thousands of seeded mutations of valid inputs through the real readers (as the task runner calls them): no
/// exception escapes, nothing hangs, and every record is accounted for as a document or a quarantined record.
/// Parquet, WET and WARC join once their readers are in <see cref="ReaderCatalog"/>.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const long MaxRecordBytes = 64 << 10;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public void MutatedPlainJsonlNeverThrowsAndCountsEveryLine()
    {
        byte[] valid = ValidJsonl(documents: 40, seed: 7);
        var mutator = new Mutator(seed: 2024);
        long totalRecords = 0, totalQuarantined = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] input = mutator.Mutate(valid);
            var counters = ReadAll("jsonl", "fuzz.jsonl", input, out int quarantineCalls);
            long records = counters.Get("records");
            Assert.True(NonBlankLines(input) == records, $"mutation {i}: {NonBlankLines(input)} lines but {records} records counted");
            Assert.True(records == counters.Get("documents") + counters.Get("quarantined"), $"mutation {i}: {Describe(counters)}");
            Assert.Equal(counters.Get("quarantined"), quarantineCalls);
            totalRecords += records;
            totalQuarantined += counters.Get("quarantined");
        }
        Assert.True(totalQuarantined > 1000, $"the mutations quarantined only {totalQuarantined} of {totalRecords} records; they are too gentle");
    }

    [Fact]
    public void MutatedGzipJsonlNeverThrowsAndAccountsForEveryRecord()
    {
        byte[] valid = Gzip(ValidJsonl(documents: 40, seed: 8));
        var mutator = new Mutator(seed: 99);
        int damagedFiles = 0;
        for (int i = 0; i < 1500; i++)
        {
            byte[] input = mutator.Mutate(valid);
            var counters = ReadAll("jsonl", "fuzz.jsonl.gz", input, out int quarantineCalls);
            long damaged = counters.Get("truncated_files");
            // A damaged stream quarantines its unreadable tail once, without a record count of its own.
            long regions = counters.Get("damaged_regions");
            Assert.True(counters.Get("records") + damaged == counters.Get("documents") + counters.Get("quarantined"), $"mutation {i}: {Describe(counters)}");
            Assert.Equal(counters.Get("quarantined") + regions, quarantineCalls);
            Assert.InRange(damaged, 0, 1);
            damagedFiles += damaged + regions > 0 ? 1 : 0;
        }
        Assert.True(damagedFiles > 500, $"only {damagedFiles} damaged streams were noticed");
    }

    private static Counters ReadAll(string format, string name, byte[] input, out int quarantineCalls)
    {
        var counters = new Counters();
        var quarantine = new CountingQuarantine();
        var context = new ReaderContext
        {
            Shard = new InputShard { Index = 0, Path = "/fuzz/" + name, Name = name, Format = format },
            Counters = counters,
            Quarantine = quarantine,
            MaxRecordBytes = MaxRecordBytes,
        };
        var read = Task.Run(() =>
        {
            foreach (var document in ReaderCatalog.Create(format).Read(new MemoryStream(input), context))
                Assert.NotNull(document.Text);
        });
        Assert.True(read.Wait(HangLimit), $"reading {input.Length} bytes took longer than {HangLimit} (hang)");
        quarantineCalls = quarantine.Calls;
        return counters;
    }

    private static long NonBlankLines(byte[] input)
    {
        long count = 0;
        foreach (var range in input.AsSpan().Split((byte)'\n'))
            if (!input.AsSpan(range).Trim(" \t\r"u8).IsEmpty) count++;
        return count;
    }

    private static string Describe(Counters counters) => string.Join(", ", counters.Snapshot().Select(kv => $"{kv.Key}={kv.Value}"));

    private static byte[] ValidJsonl(int documents, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        for (int d = 0; d < documents; d++)
            sb.Append(JsonSerializer.Serialize(new { id = $"d{d}", url = $"https://example.org/{d}", text = Runtime.CorpusFiles.Text(random, 20 + random.Next(60)) })).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(bytes);
        return output.ToArray();
    }

    private sealed class CountingQuarantine : IQuarantine
    {
        public int Calls { get; private set; }

        public void Add(string file, long offset, string error, ReadOnlySpan<byte> sample) => Calls++;
    }
}
