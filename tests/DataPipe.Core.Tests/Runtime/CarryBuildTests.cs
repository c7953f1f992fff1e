using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Dedup;

namespace DataPipe.Core.Tests.Runtime;

/// <summary>
/// Passes that carry their kept documents to the next pass build exactly what passes replaying every stage on the
/// raw input build, and a task rerun from its carry gives the same outputs.
/// </summary>
public sealed class CarryBuildTests : IDisposable
{
    // Stages on both sides of both cuts, one of which (c4) rewrites documents before a dedup signs them.
    private const string Stages =
        "  - type: c4\n    disabled_rules: [no_terminal_punct, too_few_sentences]\n  - type: exact_dedup\n  - type: symbol_ratio\n" +
        "  - type: fuzzy_dedup\n  - type: gopher_repetition\n  - type: write_documents\n  - type: tokenize\n    tokenizer: gpt2\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private void WriteCorpus()
    {
        var random = new Random(11);
        var kept = new List<string[]>();
        for (int s = 0; s < 4; s++)
        {
            var docs = new List<(string, string)>();
            for (int d = 0; d < 60; d++)
            {
                var words = NearDuplicateCorpus.Words(random, 80 + random.Next(120));
                kept.Add(words);
                string text = string.Join(' ', words) + ".";
                // Lines c4 removes (javascript, lorem-free policy text) so the carried text differs from the input.
                if (d % 5 == 0) text = "Please enable javascript to view this page.\n" + text + "\nThis site uses cookies. Read our privacy policy.";
                if (d % 17 == 0) text = string.Join("\n", Enumerable.Repeat(text, 4)); // drops in gopher_repetition
                docs.Add(($"s{s}-d{d}", text));
            }
            if (s >= 2)
            {
                docs.Add(($"exact-{s}", string.Join(' ', kept[3]).ToUpperInvariant() + "."));
                docs.Add(($"near-{s}", string.Join(' ', NearDuplicateCorpus.Edit(random, kept[70], 2)) + "."));
            }
            NearDuplicateCorpus.WriteJsonl(_dir.File($"in/part-{s}.jsonl"), docs);
        }
    }

    private string Build(string name, bool carry, int workers = 2)
    {
        string outDir = _dir.File(name);
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl"), outDir, Stages, $"carry_documents: {(carry ? "true" : "false")}\n");
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
        return outDir;
    }

    private static IEnumerable<string> Funnel(string outDir)
    {
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
        foreach (var stage in report["stages"]!.AsArray())
            yield return $"{stage!["name"]} {stage["kind"]} in={stage["docs_in"]}/{stage["bytes_in"]} out={stage["docs_out"]}/{stage["bytes_out"]} drops={stage["drops"]!.ToJsonString()}";
        var totals = report["totals"]!;
        yield return $"totals read={totals["docs_read"]}/{totals["bytes_read"]} kept={totals["docs_kept"]}/{totals["bytes_kept"]}";
        yield return "reader " + report["inputs"]!["reader"]!.ToJsonString();
        yield return "histograms " + report["histograms"]!.ToJsonString();
    }

    private static IEnumerable<string> CarryFiles(string outDir) =>
        Directory.Exists(Path.Combine(outDir, "passes"))
            ? Directory.EnumerateFiles(Path.Combine(outDir, "passes"), "*.carry.zst", SearchOption.AllDirectories)
            : [];

    [Fact]
    public void CarriedPassesBuildExactlyWhatReplayingPassesBuild()
    {
        WriteCorpus();
        string carried = Build("carried", carry: true);
        string replayed = Build("replayed", carry: false);

        foreach (var folder in new[] { "documents", "tokens", "rejected" })
            Assert.Equal(CorpusFiles.Hashes(Path.Combine(replayed, folder)), CorpusFiles.Hashes(Path.Combine(carried, folder)));
        var funnel = Funnel(carried).ToList();
        Assert.Equal(Funnel(replayed), funnel);
        // The corpus exercises what it should: c4 rewrote, both dedups and gopher dropped.
        Assert.Contains(funnel, l => l.StartsWith("exact_dedup global") && !l.EndsWith("drops={}"));
        Assert.Contains(funnel, l => l.StartsWith("fuzzy_dedup global") && !l.EndsWith("drops={}"));
        Assert.Contains(funnel, l => l.StartsWith("gopher_repetition document") && !l.EndsWith("drops={}"));

        // Passes 2 and 3 read carries and never the input: their tasks read only carry bytes.
        Assert.Equal(8, CarryFiles(carried).Count()); // 4 shards × the two passes before the last
        Assert.Empty(CarryFiles(replayed));
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(carried, "plan.json")))!;
        var reads = plan["phases"]!.AsArray().Where(p => p!["kind"]!.ToString() == "pass").Select(p => p!["reads_carry_of"]?.ToString()).ToList();
        Assert.Equal([null, "pass-1", "pass-2"], reads);
    }

    [Fact]
    public void ATaskRerunFromItsCarryGivesTheSameOutputsAndACleanedCarryIsAOneLineError()
    {
        WriteCorpus();
        string build = Build("out", carry: true, workers: 1);
        var documents = CorpusFiles.Hashes(Path.Combine(build, "documents"));
        var tokens = CorpusFiles.Hashes(Path.Combine(build, "tokens"));

        // The last pass's task 2 as if it had never run: it reads the carry pass-2 left for it again.
        File.Delete(Path.Combine(build, "done", "pass-3", "00002.done"));
        Directory.Delete(Path.Combine(build, "done", "finalize"), recursive: true);
        File.Delete(Path.Combine(build, "documents", "shard-00002.jsonl.gz"));
        File.Delete(Path.Combine(build, "tokens", "shard-00002.arrow"));
        Build("out", carry: true, workers: 1);
        Assert.Equal(documents, CorpusFiles.Hashes(Path.Combine(build, "documents")));
        Assert.Equal(tokens, CorpusFiles.Hashes(Path.Combine(build, "tokens")));

        Assert.Equal(0, CliProcess.Run(_dir.Path, "clean", build).ExitCode);
        Assert.Empty(CarryFiles(build));
        File.Delete(Path.Combine(build, "done", "pass-3", "00001.done"));
        Directory.Delete(Path.Combine(build, "done", "finalize"), recursive: true);
        var rerun = CliProcess.Run(_dir.Path, "run", Path.Combine(_dir.Path, "pipeline.yaml"), "--workers", "1");
        Assert.Equal(1, rerun.ExitCode);
        string error = Assert.Single(rerun.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:"));
        Assert.Contains("pass-2", error);
        Assert.Contains("--force", error);
    }
}
