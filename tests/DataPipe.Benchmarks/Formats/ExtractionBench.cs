using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.Formats.Html;
using DataPipe.Core.Formats.Text;
using DataPipe.Core.Reporting;

namespace DataPipe.Benchmarks.Formats;

/// <summary>
/// The main-text extraction row of <c>make bench</c> (issue #16): the 990 pages of trafilatura's evaluation set are
/// decoded (the HTML charset sniffing) and extracted on one core; prints pages/s, MB/s and the set's precision, recall
/// and F1 (its own <c>score.py</c>). The set lives in <c>../shared/data/html-extraction/</c>; without it the row is
/// skipped with a note. <c>extraction [--data DIR] [--out FILE.jsonl] [--extraction main|all] [--favor …] [--rules]</c>.
/// </summary>
public static class ExtractionBench
{
    public static int Run(string[] args)
    {
        string data = Path.GetFullPath(Option(args, "--data") ?? "../shared/data/html-extraction");
        var options = HtmlExtractionOptions.Parse(Option(args, "--extraction") ?? "main", Option(args, "--favor") ?? "balanced");
        string? evalRoot = Unpacked(data);
        if (evalRoot is null)
        {
            Console.WriteLine($"extraction: skipped, no development set at {data} (trafilatura-eval.tar.xz + score.py; see docs/readers.md)");
            return 0;
        }
        string evaldata = Path.Combine(evalRoot, "tests", "evaldata.json");
        var pages = new List<(string Url, byte[] Html)>();
        foreach (var (url, item) in JsonNode.Parse(File.ReadAllText(evaldata))!.AsObject())
        {
            string file = item!["file"]!.GetValue<string>();
            string cache = Path.Combine(evalRoot, "tests", "cache", file);
            pages.Add((url, File.ReadAllBytes(File.Exists(cache) ? cache : Path.Combine(evalRoot, "tests", "eval", file))));
        }
        long bytes = pages.Sum(p => (long)p.Html.Length);

        var counters = new Counters();
        // --rules: the hand rules without the learned block classifier (its baseline, and its cost).
        var extractor = new HtmlTextExtractor(options, learned: !args.Contains("--rules"));
        var texts = new string[pages.Count];
        double cpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < pages.Count; i++)
            texts[i] = extractor.Extract(HtmlDecoder.Decode(pages[i].Html, null, counters, out _));
        double wall = clock.Elapsed.TotalSeconds;
        double cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu0;

        string output = Path.GetFullPath(Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "datapipe-bench", "extraction.jsonl"));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        using (var writer = new StreamWriter(output))
            for (int i = 0; i < pages.Count; i++)
                writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = pages[i].Url, ["text"] = texts[i] }));

        string quality = Score(Path.Combine(data, "score.py"), evaldata, output);
        Console.WriteLine($"extraction ({options.Mode.ToString().ToLowerInvariant()}, {options.Favor.ToString().ToLowerInvariant()}): {pages.Count} pages, {F(bytes / 1e6)} MB, "
            + $"{F(wall)} s wall ({F(cpu)} s CPU, one thread), {F(pages.Count / wall)} pages/s, {F(bytes / 1e6 / wall)} MB/s per core; {quality}");
        Console.WriteLine("charset decisions: " + string.Join(", ", counters.Snapshot().Select(kv => $"{kv.Key} {kv.Value}")));
        Console.WriteLine($"texts: {output}");
        return 0;
    }

    /// <summary>The folder holding <c>tests/evaldata.json</c>: <paramref name="data"/> itself or the archive unpacked to a temp folder.</summary>
    internal static string? Unpacked(string data)
    {
        if (File.Exists(Path.Combine(data, "tests", "evaldata.json"))) return data;
        string archive = Path.Combine(data, "trafilatura-eval.tar.xz");
        if (!File.Exists(archive)) return null;
        string target = Path.Combine(Path.GetTempPath(), "datapipe-bench", "html-eval");
        if (File.Exists(Path.Combine(target, "tests", "evaldata.json"))) return target;
        Directory.CreateDirectory(target);
        var tar = Process.Start(new ProcessStartInfo("tar") { ArgumentList = { "-xJf", archive, "-C", target } })!;
        tar.WaitForExit();
        return tar.ExitCode == 0 ? target : throw new InvalidOperationException($"tar -xJf {archive} failed ({tar.ExitCode})");
    }

    private static string Score(string script, string evaldata, string output)
    {
        if (!File.Exists(script)) return "quality skipped (no score.py)";
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, ArgumentList = { script, evaldata, output } };
        using var python = Process.Start(info)!;
        string[] lines = python.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        python.WaitForExit();
        if (python.ExitCode != 0 || lines.Length == 0) return "quality skipped (score.py failed)";
        var score = JsonNode.Parse(lines[^1])!;
        return $"precision {score["precision"]}, recall {score["recall"]}, F1 {score["f1"]}";
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
