using System.IO.Compression;
using System.Text;
using System.Text.Json;
using DataPipe.Core.Execution;
using DataPipe.Core.Formats;
using DataPipe.Core.Reporting;
using Parquet;
using Parquet.Schema;

namespace DataPipe.Core.Tests.Faults;

/// <summary>
/// Thousands of seeded mutations of valid inputs through the real readers (as the task runner calls them): no
/// exception escapes, nothing hangs, and every record is accounted for as a document or a quarantined record.
/// For WET/WARC a record whose bytes survive a mutation intact must still come out: damage next to it may cost
/// the damaged records, never their neighbours.
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

    [Theory]
    [InlineData(false, 1500)]
    [InlineData(true, 1500)]
    public void MutatedWetNeverThrowsAndKeepsEveryIntactRecord(bool gzip, int mutations)
    {
        var builder = Formats.WarcFileBuilder.Numbered(12);
        builder.Raw(Encoding.ASCII.GetBytes("WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:info>\r\nContent-Length: 9\r\n\r\nsoftware:\r\n\r\n"));
        var units = gzip ? builder.Records.Select(Formats.WarcFileBuilder.Gzip).ToArray() : builder.Records.ToArray();
        byte[] valid = units.SelectMany(u => u).ToArray();
        string name = gzip ? "fuzz.warc.wet.gz" : "fuzz.warc.wet";
        var mutator = new Mutator(seed: gzip ? 31 : 30);
        long quarantined = 0, kept = 0;
        for (int i = 0; i < mutations; i++)
        {
            byte[] input = mutator.Mutate(valid);
            var counters = ReadAll("wet", name, input, out int quarantineCalls, out var ids);
            string context = $"mutation {i} ({input.Length} bytes): {Describe(counters)}; quarantined: {string.Join(" | ", LastErrors ?? [])}";
            Assert.Equal(counters.Get("quarantined"), quarantineCalls);
            Assert.True(counters.Get("documents") == ids.Count, context);
            // Every framed record became a document, a counted skip, or a quarantined record.
            long skipped = counters.Snapshot().Where(kv => kv.Key.StartsWith("skipped.", StringComparison.Ordinal)).Sum(kv => kv.Value);
            Assert.True(counters.Get("records") <= counters.Get("documents") + skipped + counters.Get("quarantined"), context);
            // A claimed oversized block is skipped unread (it may hide what follows), and a failed stream ends the file.
            if (counters.Get("oversized") == 0 && counters.Get("truncated_files") == 0)
            {
                for (int r = 0; r < 12; r++)
                    if (IsIntact(input, units[r], atLineStart: !gzip))
                        Assert.True(ids.Contains(Formats.WarcFileBuilder.IdOf(r)), $"{context}: record {r} is intact in the input but was not read");
            }
            // A record that did not come out was quarantined, skipped under its (damaged) type, or cut off the end.
            long skippedRecords = skipped - counters.Get("skipped.warcinfo");
            // (A record the file ends inside is kept, marked truncated: the file was cut there, whatever its length.)
            if (ids.Count < 12) Assert.True(counters.Get("quarantined") + skippedRecords + counters.Get("truncated_records_kept") > 0 || input.Length < valid.Length, $"{context}: records lost without a quarantine entry");
            quarantined += counters.Get("quarantined");
            kept += ids.Count;
        }
        Assert.True(quarantined > mutations / 2, $"only {quarantined} quarantined records in {mutations} mutations; the mutations are too gentle");
        Assert.True(kept > mutations * 6, $"only {kept} documents kept in {mutations} mutations; damage is costing intact records");
    }

    [Fact]
    public void MutatedParquetNeverThrowsNorHangsAndCountsEveryRow()
    {
        byte[] valid = ValidParquet(rowGroups: 3, rowsPerGroup: 20, seed: 5);
        var mutator = new Mutator(seed: 77);
        int unreadable = 0;
        long documents = 0;
        for (int i = 0; i < 1000; i++)
        {
            byte[] input = mutator.Mutate(valid);
            var counters = ReadAll("parquet", "fuzz.parquet", input, out int quarantineCalls, out var ids);
            string context = $"mutation {i} ({input.Length} bytes): {Describe(counters)}";
            Assert.Equal(counters.Get("quarantined"), quarantineCalls);
            Assert.True(counters.Get("records") == counters.Get("documents") + counters.Get("skipped.null_text"), context);
            Assert.True(counters.Get("records") <= 60, context);
            if (counters.Get("documents") < 60) Assert.True(counters.Get("quarantined") > 0 || counters.Get("skipped.null_text") > 0, $"{context}: rows lost without a quarantine entry");
            unreadable += counters.Get("quarantined") > 0 ? 1 : 0;
            documents += ids.Count;
        }
        Assert.True(unreadable > 500, $"only {unreadable} of 1000 mutated files were found damaged");
        Assert.True(documents > 0, "no mutated file gave any row back");
    }

    /// <summary>The unit's exact bytes appear in the input where a reader can find them (a WARC record at a line start).</summary>
    private static bool IsIntact(byte[] input, byte[] unit, bool atLineStart)
    {
        var span = input.AsSpan();
        int from = 0;
        while (from < span.Length)
        {
            int hit = span[from..].IndexOf(unit);
            if (hit < 0) return false;
            int at = from + hit;
            if (!atLineStart || at == 0 || span[at - 1] == (byte)'\n') return true;
            from = at + 1;
        }
        return false;
    }

    [ThreadStatic] private static List<string>? LastErrors;

    private static Counters ReadAll(string format, string name, byte[] input, out int quarantineCalls) =>
        ReadAll(format, name, input, out quarantineCalls, out _);

    /// <param name="ids">Ids of the documents read, in order (a spliced copy of a record is read twice).</param>
    private static Counters ReadAll(string format, string name, byte[] input, out int quarantineCalls, out List<string> ids)
    {
        var readIds = new List<string>();
        ids = readIds;
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
            {
                Assert.NotNull(document.Text);
                readIds.Add(document.Id);
            }
        });
        Assert.True(read.Wait(HangLimit), $"reading {input.Length} bytes took longer than {HangLimit} (hang)");
        quarantineCalls = quarantine.Calls;
        LastErrors = quarantine.Errors;
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

    private static byte[] ValidParquet(int rowGroups, int rowsPerGroup, int seed)
    {
        var random = new Random(seed);
        var id = new DataField<string>("id");
        var text = new DataField<string>("text");
        var schema = new ParquetSchema(id, text);
        using var output = new MemoryStream();
        var writer = ParquetWriter.CreateAsync(schema, output).GetAwaiter().GetResult();
        try
        {
            for (int g = 0; g < rowGroups; g++)
            {
                using var group = writer.CreateRowGroup();
                group.WriteAsync(id, Enumerable.Range(0, rowsPerGroup).Select(r => $"g{g}r{r}").ToArray()).GetAwaiter().GetResult();
                group.WriteAsync(text, Enumerable.Range(0, rowsPerGroup).Select(_ => Runtime.CorpusFiles.Text(random, 20 + random.Next(40))).ToArray()).GetAwaiter().GetResult();
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(bytes);
        return output.ToArray();
    }

    private sealed class CountingQuarantine : IQuarantine
    {
        public int Calls => Errors.Count;

        public List<string> Errors { get; } = [];

        public void Add(string file, long offset, string error, ReadOnlySpan<byte> sample) => Errors.Add(error);
    }
}
