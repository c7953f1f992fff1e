using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPipe.Benchmarks.Pipeline;

/// <summary>
/// End-to-end rows of <c>make bench</c> (issue #19's bars): each runs <c>datapipe run</c> as a child process on stated
/// inputs and reports throughput from report.json, peak RSS (<see cref="MeasuredProcess"/>) and the machine's 1-minute
/// load average before and after the row, since the 2 cores are shared and a figure means little without it.
/// </summary>
public static class PipelineBench
{
    public static int Run(string[] args)
    {
        var (bench, work) = Start(args);

        string input = EnsureJsonlInput(Path.Combine(work, "input-1g"), files: 8, bytesPerFile: 128L << 20);
        bench.Measure("read→write, JSONL 1 GiB, 2 workers", $"{input}/*.jsonl", WriteOnly, workers: 2);
        string split = SplitRows(bench, work);

        string sample = Path.GetFullPath("sample-data/shards");
        string warc = Path.GetFullPath("sample-data/warc");
        string? ratio = null;
        if (Directory.Exists(sample) && Directory.EnumerateFiles(sample, "*.wet.gz").Any())
        {
            string wet = $"{sample}/*.warc.wet.gz";
            // What a nightly build's cost follows: raw WET to token shards with every stage of `make shards`.
            string stages = SampleStages(Path.GetFullPath("pipelines/sample.yaml"));
            bench.Measure("read→write, sample WET.gz, 2 workers", wet, WriteOnly, workers: 2);
            bench.Measure("make shards (sample.yaml: dedup, filters, PII, tokens), 2 workers", wet, stages, workers: 2);
            var one = bench.Measure("make shards (sample.yaml), 1 worker (carry_documents: true, the default)", wet, stages, workers: 1);
            // Item 1 of #19 as a row: every pass re-reads and replays the raw shards instead of the carried documents.
            bench.Measure("make shards (sample.yaml), 1 worker, carry_documents: false", wet, stages, workers: 1, top: "carry_documents: false\n");

            if (File.Exists(Path.Combine(warc, ".complete")))
            {
                string pages = $"{warc}/*.warc.gz";
                bench.Measure("make shards stages on WARC/HTML (main-text extraction), 1 worker", pages, stages, workers: 1);
                bench.Measure("make shards stages on WARC/HTML (main-text extraction), 2 workers", pages, stages, workers: 2);
                // Where carrying should matter most: without it each of the three passes extracts every page again.
                bench.Measure("make shards stages on WARC/HTML, 1 worker, carry_documents: false", pages, stages, workers: 1, top: "carry_documents: false\n");
            }

            // The ceiling per input format: the same 16,200 documents read and written back, nothing in between.
            if (File.Exists(Path.Combine(warc, ".complete")))
                bench.Measure("read→write, sample WARC.gz with HTML, 2 workers", $"{warc}/*.warc.gz", WriteOnly, workers: 2);
            var (jsonl, parquet) = bench.SampleAsJsonlAndParquet(wet);
            bench.Measure("read→write, sample as JSONL, 2 workers", $"{jsonl}/*.jsonl", WriteOnly, workers: 2);
            bench.Measure("read→write, sample as Parquet, 2 workers", $"{parquet}/*.parquet", WriteOnly, workers: 2);

            // Memory flat in input size (#19 item 4): the same build on ten copies of every shard. The copies repeat
            // the documents, so nine tenths of the 10× input are exact duplicates of the first tenth.
            string tenfold = TenfoldSample(sample, Path.Combine(work, "sample-10x"));
            var ten = bench.Measure("make shards (sample.yaml), 1 worker, 10× sample (12 WET shards × 10 renamed copies)", $"{tenfold}/*.warc.wet.gz", stages, workers: 1);
            ratio = $"peak RSS 10× / 1× sample (make shards, 1 worker): {ten.PeakRssMb:F1} / {one.PeakRssMb:F1} MB = {ten.PeakRssMb / one.PeakRssMb:F2}× (issue #19 bar: ≤ 1.25×)";
        }

        Print(["pipeline", "text MB", "file MB", "docs", "wall s", "MB/s", "MB/s/core", "docs/s", "peak RSS MB", "load 1m before→after"], bench.Rows);
        Console.WriteLine(split);
        if (ratio is not null) Console.WriteLine(ratio);
        Console.WriteLine($"load average at end: {Machine.LoadAverage()}; peak RSS is {bench.RssSource}; text MB is the documents' UTF-8 text as read (report.json bytes_read), file MB the input files on disk");
        return 0;
    }

    private const string WriteOnly = "  - type: write_documents\n";

    /// <summary>The CLI under test (first argument), the bench's work folder, and the load average it starts at.</summary>
    private static (Bench Bench, string Work) Start(string[] args)
    {
        string cli = Path.GetFullPath(args.Length > 0 ? args[0] : "src/DataPipe.Cli/bin/Release/net10.0/datapipe.dll");
        string work = Path.Combine(Path.GetTempPath(), "datapipe-bench");
        Directory.CreateDirectory(work);
        // Captured output: no progress bars redrawn into the pipe.
        Environment.SetEnvironmentVariable("CI", "true");
        Console.WriteLine($"load average at start: {Machine.LoadAverage()} ({Environment.ProcessorCount} cores, {Machine.CpuModel()})");
        return (new Bench(cli, work), work);
    }

    /// <summary><c>pipeline-split CLI</c>: only the rows of one big file (issue #19 item 3), for a quick figure.</summary>
    public static int RunSplit(string[] args)
    {
        var (bench, work) = Start(args);
        string line = SplitRows(bench, work);
        Print(["pipeline", "text MB", "file MB", "docs", "wall s", "MB/s", "MB/s/core", "docs/s", "peak RSS MB", "load 1m before→after"], bench.Rows);
        Console.WriteLine(line);
        Console.WriteLine($"load average at end: {Machine.LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// One 1 GiB plain JSONL file read and written back by 1 worker, then by 2: with split_bytes (256 MiB by default) it
    /// is four tasks, so the second worker has work (issue #19 item 3's bar: 2 workers ≥ 1.8× one). Also times the
    /// planner's cut points for the file (a read of it from the page cache).
    /// </summary>
    private static string SplitRows(Bench bench, string work)
    {
        string single = EnsureJsonlInput(Path.Combine(work, "input-1g-single"), files: 1, bytesPerFile: 1L << 30);
        string file = Path.Combine(single, "part-00.jsonl");
        // Three times, since one read of the file can meet a neighbour's burst on the shared machine; the best is the scan's cost.
        int ranges = 0;
        var planSeconds = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            var plan = System.Diagnostics.Stopwatch.StartNew();
            ranges = DataPipe.Core.Input.Splitting.InputSplitter.Ranges(file, "jsonl", DataPipe.Core.Config.InputSpec.DefaultSplitBytes).Count;
            planSeconds.Add(plan.Elapsed.TotalSeconds);
        }
        var one = bench.Measure("read→write, one JSONL file of 1 GiB (split_bytes 256MiB), 1 worker", file, WriteOnly, workers: 1);
        var two = bench.Measure("read→write, one JSONL file of 1 GiB (split_bytes 256MiB), 2 workers", file, WriteOnly, workers: 2);
        return string.Create(CultureInfo.InvariantCulture,
            $"one 1 GiB JSONL file, 2 workers / 1 worker: {one.WallSeconds / two.WallSeconds:F2}× (issue #19 bar: ≥ 1.8×), cores used {one.Cores:F2} and {two.Cores:F2} (CPU s / wall s); planning its {ranges} ranges took {string.Join(" / ", planSeconds.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} s (best {new FileInfo(file).Length / 1e6 / planSeconds.Min():F0} MB/s, file in the page cache)");
    }

    /// <summary>A row's figures, kept for the ratio lines below the table.</summary>
    private sealed record RowResult(double PeakRssMb, double WallSeconds, double CpuSeconds)
    {
        /// <summary>CPU seconds per wall second: on the shared machine, how many cores the build really had.</summary>
        public double Cores => CpuSeconds / WallSeconds;
    }

    private sealed class Bench(string cli, string work)
    {
        public List<string[]> Rows { get; } = [];
        public string RssSource { get; private set; } = "n/a";

        public RowResult Measure(string name, string glob, string stages, int workers, string top = "")
        {
            string outDir = Path.Combine(work, $"out-{Rows.Count:D2}");
            try
            {
                string before = LoadOneMinute();
                var run = Build(glob, stages, workers, top, outDir);
                var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
                double mb = report["totals"]!["bytes_read"]!.GetValue<long>() / 1e6;
                long docs = report["totals"]!["docs_read"]!.GetValue<long>();
                double files = FilesMb(glob);
                double wall = run.WallSeconds;
                RssSource = run.PeakRssSource;
                Rows.Add([name, F(mb), F(files), docs.ToString("N0", CultureInfo.InvariantCulture), F(wall), F(mb / wall), F(mb / wall / workers),
                    (docs / wall).ToString("N0", CultureInfo.InvariantCulture), F(run.PeakRssMb), $"{before}→{LoadOneMinute()}"]);
                Console.Error.WriteLine($"  {name}: {F(wall)} s");
                return new RowResult(run.PeakRssMb, wall, run.CpuSeconds);
            }
            finally
            {
                if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
            }
        }

        /// <summary>
        /// The sample's documents as plain JSONL and as Parquet, written by the project's own write_documents (so the
        /// inputs are what a previous DataPipe build hands on); the JSONL is its jsonl.gz output decompressed.
        /// </summary>
        public (string Jsonl, string Parquet) SampleAsJsonlAndParquet(string wetGlob)
        {
            string jsonl = Path.Combine(work, "sample-jsonl"), parquet = Path.Combine(work, "sample-parquet");
            foreach (string dir in new[] { jsonl, parquet })
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            string outDir = Path.Combine(work, "out-convert");
            Build(wetGlob, "  - type: write_documents\n    format: parquet\n", 2, "", outDir);
            Directory.Move(Path.Combine(outDir, "documents"), parquet);
            Build(wetGlob, "  - type: write_documents\n    format: jsonl.gz\n", 2, "", outDir);
            Directory.CreateDirectory(jsonl);
            foreach (string gz in Directory.GetFiles(Path.Combine(outDir, "documents"), "*.jsonl.gz"))
            {
                using var source = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
                using var target = File.Create(Path.Combine(jsonl, Path.GetFileName(gz)[..^".gz".Length]));
                source.CopyTo(target);
            }
            Directory.Delete(outDir, recursive: true);
            return (jsonl, parquet);
        }

        private ProcessMeasurement Build(string glob, string stages, int workers, string top, string outDir)
        {
            string pipeline = Path.Combine(work, "bench.yaml");
            File.WriteAllText(pipeline, $"name: bench\ninputs:\n  - path: {glob}\nout: {outDir}\n{top}stages:\n{stages}");
            return MeasuredProcess.Run("dotnet", cli, "run", pipeline, "--force", "--workers", workers.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string LoadOneMinute() => Machine.LoadAverage().Split(' ')[0];

    private static double FilesMb(string glob)
    {
        string dir = Path.GetDirectoryName(glob)!;
        return Directory.GetFiles(dir, Path.GetFileName(glob)).Sum(f => new FileInfo(f).Length) / 1e6;
    }

    /// <summary>Ten copies of every sample shard under new names (kept between runs: they only depend on the sample).</summary>
    private static string TenfoldSample(string sample, string directory)
    {
        var shards = Directory.GetFiles(sample, "*.warc.wet.gz").Order(StringComparer.Ordinal).ToList();
        string marker = Path.Combine(directory, ".complete");
        string stamp = string.Join('\n', shards.Select(s => $"{Path.GetFileName(s)} {new FileInfo(s).Length} {File.GetLastWriteTimeUtc(s):O}"));
        if (File.Exists(marker) && File.ReadAllText(marker) == stamp) return directory;
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        for (int copy = 0; copy < 10; copy++)
            foreach (string shard in shards)
                File.Copy(shard, Path.Combine(directory, $"copy{copy}-{Path.GetFileName(shard)}"));
        File.WriteAllText(marker, stamp);
        return directory;
    }

    /// <summary>The stage list of the sample pipeline as written (everything under its top-level <c>stages:</c>).</summary>
    private static string SampleStages(string pipeline)
    {
        var lines = File.ReadAllLines(pipeline);
        int start = Array.FindIndex(lines, l => l.TrimEnd() == "stages:");
        if (start < 0) throw new InvalidDataException($"{pipeline} has no top-level stages:");
        var stages = new StringBuilder();
        for (int i = start + 1; i < lines.Length && (lines[i].Length == 0 || lines[i].StartsWith(' ')); i++) stages.Append(lines[i]).Append('\n');
        return stages.ToString();
    }

    /// <summary>English-like JSONL documents, made once and reused (their content depends only on the seed).</summary>
    private static string EnsureJsonlInput(string directory, int files, long bytesPerFile)
    {
        string marker = Path.Combine(directory, ".complete");
        if (File.Exists(marker)) return directory;
        Directory.CreateDirectory(directory);
        string[] words = "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no will more what out up into can time people year way day man thing woman life child world school state family student group country problem hand part place case week company system program question work government number night point home water room mother area money story fact month lot right study book eye job word business issue side kind head house service friend father power hour game line end member law car city community name president team minute idea kid body information back parent face others level office door health person art war history party result change morning reason research girl guy moment air teacher force education".Split(' ');
        var random = new Random(7);
        for (int f = 0; f < files; f++)
        {
            using var writer = new StreamWriter(Path.Combine(directory, $"part-{f:D2}.jsonl"), false, new UTF8Encoding(false), 1 << 20);
            long written = 0;
            var text = new StringBuilder();
            for (int d = 0; written < bytesPerFile; d++)
            {
                text.Clear();
                int n = 100 + random.Next(1500);
                for (int i = 0; i < n; i++) text.Append(i == 0 ? "" : i % 60 == 0 ? "\n\n" : " ").Append(words[random.Next(words.Length)]);
                string line = JsonSerializer.Serialize(new { id = $"f{f}-d{d}", text = text.ToString() });
                writer.Write(line);
                writer.Write('\n');
                written += line.Length + 1;
            }
        }
        File.WriteAllText(marker, "");
        return directory;
    }

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    private static void Print(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |";
        Console.WriteLine(Line(header));
        Console.WriteLine("|" + string.Join("|", widths.Select((w, i) => i == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var r in rows) Console.WriteLine(Line(r));
    }
}
