using System.Text.Json.Nodes;
using DataPipe.Core.Formats.TokenShards;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>
/// A build that reads big files as several ranges writes what the build reading each file whole writes: the same
/// documents in the same order with the same ids, the same tokens and the same report, with 1 worker or 4.
/// </summary>
public sealed class SplitBuildTests : IDisposable
{
    // Both dedups: their partitions follow the task count, their decisions the documents' positions.
    internal const string Stages = "  - type: exact_dedup\n  - type: fuzzy_dedup\n  - type: write_documents\n  - type: tokenize\n    tokenizer: gpt2\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private void WriteInputs()
    {
        SplitCorpus.WriteJsonl(_dir.File("in/big.jsonl"), 300, seed: 5);
        SplitCorpus.WriteParquet(_dir.File("in/big.parquet"), groups: 8, rowsPerGroup: 40, seed: 6);
    }

    private string Pipeline(string outDir, string splitBytes, string stages, string extra = "") =>
        $"name: split\ninputs:\n  - path: {_dir.File("in/big.jsonl")}\n    split_bytes: {splitBytes}\n" +
        $"  - path: {_dir.File("in/big.parquet")}\n    split_bytes: {splitBytes}\nout: {outDir}\n{extra}stages:\n{stages}";

    private string Build(string name, string splitBytes, int workers, string stages = Stages)
    {
        string outDir = _dir.File(name);
        string pipeline = _dir.File($"{name}.yaml");
        File.WriteAllText(pipeline, Pipeline(outDir, splitBytes, stages));
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
        return outDir;
    }

    private static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>The documents of every output shard, in shard order: the split build's ranges of one file follow each other.</summary>
    internal static List<string> Documents(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "documents"), "shard-*.jsonl.gz").Order(StringComparer.Ordinal)
            .SelectMany(CorpusFiles.ReadJsonlGz).ToList();

    internal static List<string> Tokens(string outDir)
    {
        var rows = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(outDir, "tokens"), "shard-*.arrow").Order(StringComparer.Ordinal))
        {
            using var reader = new TokenShardReader(file);
            rows.AddRange(reader.Rows().Select(r => r.Id + ":" + string.Join(',', r.Tokens)));
        }
        return rows;
    }

    internal static List<string> Report(string outDir, bool tokens = true)
    {
        var report = Json(Path.Combine(outDir, "report.json"));
        var lines = new List<string>();
        foreach (var stage in report["stages"]!.AsArray())
            lines.Add($"{stage!["name"]} in={stage["docs_in"]}/{stage["bytes_in"]} out={stage["docs_out"]}/{stage["bytes_out"]} drops={stage["drops"]!.ToJsonString()}");
        var totals = report["totals"]!;
        lines.Add($"totals read={totals["docs_read"]}/{totals["bytes_read"]} kept={totals["docs_kept"]}/{totals["bytes_kept"]}");
        var inputs = report["inputs"]!;
        lines.Add($"inputs shards={inputs["shards"]} bytes={inputs["bytes"]} missing={inputs["missing"]!.ToJsonString()} damaged={inputs["damaged"]!.ToJsonString()}");
        lines.Add("reader " + inputs["reader"]!.ToJsonString());
        lines.Add("histograms " + report["histograms"]!.ToJsonString());
        if (!tokens) return lines;
        var manifest = Json(Path.Combine(outDir, "tokens", "manifest.json"));
        lines.Add($"tokens rows={manifest["rows"]} tokens={manifest["tokens"]}");
        return lines;
    }

    /// <summary>The rejected samples without their task index (<c>shard</c>, which is the range's): the same documents.</summary>
    internal static List<string> Rejected(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "rejected"), "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Select(l =>
            {
                var sample = JsonNode.Parse(l)!.AsObject();
                sample.Remove("shard");
                return sample.ToJsonString();
            }).ToList();

    /// <summary>Each quarantined record's file and offset: offsets stay offsets in the whole file.</summary>
    internal static List<string> Quarantine(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "quarantine"), "shard-*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).Select(QuarantineLine).ToList();

    private static string QuarantineLine(string line)
    {
        var entry = JsonNode.Parse(line)!;
        return $"{entry["file"]}@{entry["offset"]}: {entry["error"]}";
    }

    [Fact]
    public void Split_inputs_build_what_whole_inputs_build_with_one_worker_or_four()
    {
        WriteInputs();
        string whole = Build("whole", "off", workers: 1);
        var plan = Json(Path.Combine(whole, "plan.json"));
        Assert.Equal(2, plan["shards"]!.AsArray().Count);

        var documents = Documents(whole);
        var tokens = Tokens(whole);
        var report = Report(whole);
        var quarantine = Quarantine(whole);
        var rejected = Rejected(whole);
        Assert.NotEmpty(rejected);
        // The corpus exercises what it should: generated ids, a bad line quarantined, drops by both dedups.
        Assert.Contains(documents, d => d.Contains("\"big.jsonl:", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Contains("\"big.parquet:", StringComparison.Ordinal));
        Assert.Contains(quarantine, q => q.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("exact_dedup", StringComparison.Ordinal) && !l.EndsWith("drops={}", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("fuzzy_dedup", StringComparison.Ordinal) && !l.EndsWith("drops={}", StringComparison.Ordinal));

        foreach (int workers in new[] { 1, 4 })
        {
            string split = Build($"split-{workers}", "8KiB", workers);
            var shards = Json(Path.Combine(split, "plan.json"))["shards"]!.AsArray();
            int jsonlRanges = shards.Count(s => s!["format"]!.ToString() == "jsonl"), parquetRanges = shards.Count(s => s!["format"]!.ToString() == "parquet");
            Assert.True(jsonlRanges >= 3 && parquetRanges >= 3, $"{jsonlRanges} JSONL ranges, {parquetRanges} Parquet ranges");
            Assert.Equal(Enumerable.Range(0, shards.Count), shards.Select(s => (int)s!["index"]!));

            Assert.Equal(documents, Documents(split));
            Assert.Equal(tokens, Tokens(split));
            Assert.Equal(report, Report(split));
            Assert.Equal(quarantine, Quarantine(split));
            Assert.Equal(rejected, Rejected(split));
        }
    }

    [Fact]
    public void The_split_setting_is_part_of_the_configuration_hash()
    {
        WriteInputs();
        string split = Build("a", "8KiB", workers: 2);
        string other = Build("b", "16KiB", workers: 2);
        string whole = Build("c", "off", workers: 2);
        var hashes = new[] { split, other, whole }.Select(b => Json(Path.Combine(b, "plan.json"))["config_hash"]!.ToString()).ToList();
        Assert.Equal(3, hashes.Distinct().Count());
    }

    [Fact]
    public void A_range_task_rerun_after_its_outputs_are_lost_gives_the_same_outputs()
    {
        WriteInputs();
        string build = Build("out", "8KiB", workers: 2);
        var documents = CorpusFiles.Hashes(Path.Combine(build, "documents"));
        var tokens = CorpusFiles.Hashes(Path.Combine(build, "tokens"));

        // A middle range of the JSONL file as if it had never run.
        string last = Json(Path.Combine(build, "plan.json"))["phases"]!.AsArray().Select(p => p!["name"]!.ToString()).Last(n => n.StartsWith("pass-", StringComparison.Ordinal));
        File.Delete(Path.Combine(build, "done", last, "00001.done"));
        Directory.Delete(Path.Combine(build, "done", "finalize"), recursive: true);
        File.Delete(Path.Combine(build, "documents", "shard-00001.jsonl.gz"));
        File.Delete(Path.Combine(build, "tokens", "shard-00001.arrow"));
        var rerun = CliProcess.Run(_dir.Path, "run", _dir.File("out.yaml"), "--workers", "2");
        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Equal(documents, CorpusFiles.Hashes(Path.Combine(build, "documents")));
        Assert.Equal(tokens, CorpusFiles.Hashes(Path.Combine(build, "tokens")));
    }

    /// <summary>A Slurm array task knows only plan.json: run every task of a split build that way, one process each.</summary>
    [Fact]
    public void Array_tasks_read_their_ranges_from_the_plan_alone()
    {
        WriteInputs();
        const string writeOnly = "  - type: write_documents\n";
        string local = Build("local", "24KiB", workers: 2, writeOnly);

        string outDir = _dir.File("array");
        File.WriteAllText(_dir.File("array.yaml"), Pipeline(outDir, "24KiB", writeOnly, "executor: slurm\n"));
        var dryRun = CliProcess.Run(_dir.Path, "run", _dir.File("array.yaml"), "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.All);
        string planFile = Path.Combine(outDir, "plan.json");
        var plan = Json(planFile);
        Assert.True(plan["shards"]!.AsArray().Count >= 4);
        foreach (var phase in plan["phases"]!.AsArray())
            for (int rank = 0; rank < (int)phase!["tasks"]!; rank++)
            {
                var task = CliProcess.Run(_dir.Path, "task", "--plan", planFile, "--phase", phase["name"]!.ToString(), "--rank", rank.ToString());
                Assert.True(task.ExitCode == 0, task.All);
            }
        Assert.Equal(CorpusFiles.Hashes(Path.Combine(local, "documents")), CorpusFiles.Hashes(Path.Combine(outDir, "documents")));
        Assert.Equal(Report(local, tokens: false), Report(outDir, tokens: false));
    }
}
