using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPipe.Benchmarks.Pipeline;

/// <summary>
/// End-to-end rows of <c>make bench</c>: each runs <c>datapipe run</c> as a child process on stated inputs and
/// reports throughput from report.json and peak RSS (VmHWM) sampled from /proc while it runs.
/// </summary>
public static class PipelineBench
{
    public static int Run(string[] args)
    {
        string cli = Path.GetFullPath(args.Length > 0 ? args[0] : "src/DataPipe.Cli/bin/Release/net10.0/datapipe.dll");
        string work = Path.Combine(Path.GetTempPath(), "datapipe-bench");
        Directory.CreateDirectory(work);
        var rows = new List<string[]>();

        string input = EnsureJsonlInput(Path.Combine(work, "input-1g"), files: 8, bytesPerFile: 128L << 20);
        rows.Add(Measure(cli, work, "read→write, JSONL 1 GiB, 2 workers", $"{input}/*.jsonl", "  - type: write_documents\n", workers: 2));

        string sample = Path.GetFullPath("sample-data/shards");
        if (Directory.Exists(sample) && Directory.EnumerateFiles(sample, "*.wet.gz").Any())
        {
            rows.Add(Measure(cli, work, "read→write, sample WET.gz, 2 workers", $"{sample}/*.warc.wet.gz", "  - type: write_documents\n", workers: 2));
            // What a nightly build's cost follows: raw WET to token shards with every stage of `make shards`.
            rows.Add(Measure(cli, work, "make shards (sample.yaml: dedup, filters, PII, tokens), 2 workers", $"{sample}/*.warc.wet.gz",
                SampleStages(Path.GetFullPath("pipelines/sample.yaml")), workers: 2));
        }

        Print(["pipeline", "input MB", "docs", "wall s", "MB/s", "MB/s/core", "docs/s", "peak RSS MB"], rows);
        return 0;
    }

    private static string[] Measure(string cli, string work, string name, string glob, string stages, int workers)
    {
        string outDir = Path.Combine(work, "out-" + Math.Abs(name.GetHashCode()).ToString(CultureInfo.InvariantCulture));
        string pipeline = Path.Combine(work, "bench.yaml");
        File.WriteAllText(pipeline, $"name: bench\ninputs:\n  - path: {glob}\nout: {outDir}\nstages:\n{stages}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "run", pipeline, "--force", "--workers", workers.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(a);
        info.Environment["CI"] = "true";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peakKb = 0;
        while (!process.WaitForExit(50)) peakKb = Math.Max(peakKb, ReadHighWaterMarkKb(process.Id));
        double wall = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{name} failed:\n{stdout.Result}\n{stderr.Result}");

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
        double mb = report["totals"]!["bytes_read"]!.GetValue<long>() / 1e6;
        long docs = report["totals"]!["docs_read"]!.GetValue<long>();
        return [name, F(mb), docs.ToString("N0", CultureInfo.InvariantCulture), F(wall), F(mb / wall), F(mb / wall / workers),
            (docs / wall).ToString("N0", CultureInfo.InvariantCulture), F(peakKb / 1024.0)];
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

    private static long ReadHighWaterMarkKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return 0;
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
