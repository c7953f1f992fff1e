using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPipe.Benchmarks.Dedup;

/// <summary>
/// <c>dedup-recall CLI [BEFORE-CLI]</c>: fuzzy dedup precision and recall on <see cref="RealTextNearDuplicates"/>
/// through real builds. A document should be dropped when its connected group of true pairs (exact word-5-gram
/// Jaccard ≥ 0.8) holds a smaller source position; a drop is right when the document has any true partner at ≥ 0.8.
/// Rows: the given CLI with the default layout (14×8) and with 16×7 (more bands, same 112 hashes), and, when given,
/// an earlier CLI with the default layout.
/// </summary>
public static class DedupRecallBench
{
    public static int Run(string[] args)
    {
        string cli = Path.GetFullPath(args[0]);
        int sources = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3000;
        string work = Path.Combine(Path.GetTempPath(), "datapipe-bench-dedup-recall");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(Path.Combine(work, "in"));

        var clock = Stopwatch.StartNew();
        var set = RealTextNearDuplicates.Build(sources, seed: 18);
        int n = set.Documents.Count;
        for (int s = 0; s < 4; s++)
            File.WriteAllLines(Path.Combine(work, "in", $"part-{s}.jsonl"),
                set.Documents.Where((_, i) => i * 4 / n == s).Select(d => JsonSerializer.Serialize(new { id = d.Id, text = d.Text })));
        var strong = set.Pairs.Where(p => p.Jaccard >= 0.8).ToList();
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var (a, b, _) in strong) { int ra = Find(a), rb = Find(b); if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb); }
        // Position order = document order (shards split the list in order), so the root (smallest index) is the keeper.
        var shouldDrop = Enumerable.Range(0, n).Where(i => Find(i) != i).Select(i => set.Documents[i].Id).ToHashSet();
        var hasPartner = strong.SelectMany(p => new[] { p.A, p.B }).Select(i => set.Documents[i].Id).ToHashSet();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// real-text near-duplicate set: {n} documents, {set.Pairs.Count} pairs at J ≥ 0.5, {strong.Count} at ≥ 0.8, {shouldDrop.Count} to drop ({clock.Elapsed.TotalSeconds:F0} s to build)"));

        var rows = new List<string[]>();
        var variants = new List<(string Name, string Cli, string Options)> { ("this build, 14×8", cli, ""), ("this build, 16×7", cli, "    bands: 16\n    rows: 7\n") };
        if (args.Length > 1 && File.Exists(args[1])) variants.Insert(0, ("before (given CLI), 14×8", Path.GetFullPath(args[1]), ""));
        foreach (var (variant, binary, options) in variants)
        {
            string name = variant;
            string outDir = Path.Combine(work, "out-" + rows.Count);
            string pipeline = Path.Combine(work, $"pipeline-{rows.Count}.yaml");
            File.WriteAllText(pipeline, $"name: dedup-recall\ninputs:\n  - path: {work}/in/*.jsonl\nout: {outDir}\nstages:\n  - type: fuzzy_dedup\n{options}  - type: write_documents\n");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { binary, "run", pipeline, "--workers", "2" }) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            string audit = Path.Combine(outDir, "dedup", "fuzzy_dedup.audit.jsonl");
            if (process.ExitCode != 0)
            {
                string line = (stderr + stdout.Result).Split('\n').LastOrDefault(l => l.Contains("fail", StringComparison.Ordinal))?.Trim() ?? "";
                Console.WriteLine($"// {name}: rc {process.ExitCode}: {line}");
                if (!File.Exists(audit)) continue;
                // The audit is written before the report: scored, the row says the build failed.
                name += $" (build failed, rc {process.ExitCode})";
            }
            var dropped = File.ReadAllLines(audit).Select(l => JsonNode.Parse(l)!["id"]!.ToString()).ToHashSet();
            int right = dropped.Count(hasPartner.Contains), found = shouldDrop.Count(dropped.Contains);
            rows.Add([name, dropped.Count.ToString(CultureInfo.InvariantCulture), shouldDrop.Count.ToString(CultureInfo.InvariantCulture),
                (dropped.Count == 0 ? 1 : (double)right / dropped.Count).ToString("F4", CultureInfo.InvariantCulture),
                ((double)found / Math.Max(1, shouldDrop.Count)).ToString("F4", CultureInfo.InvariantCulture),
                (shouldDrop.Count - found).ToString(CultureInfo.InvariantCulture)]);
        }
        string[] header = ["fuzzy dedup on real text", "dropped", "should drop", "precision", "recall", "missed"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))));
        foreach (var r in rows) Console.WriteLine(string.Join(" | ", r.Select((c, i) => c.PadRight(widths[i]))));
        return 0;
    }
}
