using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Dedup;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Decontamination;

/// <summary>The <c>decontaminate</c> stage through the real CLI on a corpus with planted eval items.</summary>
public sealed class DecontaminationBuildTests : IDisposable
{
    private const string CommonPhrase = "according to the terms of the license agreement that came with the software";
    private static readonly string[] Clean = ["clean-0", "clean-1", "clean-2", "clean-3"];
    private static readonly string[] Common = ["common-0", "common-1", "common-2", "common-3", "common-4"];
    private readonly TempDirectory _dir = new();

    public DecontaminationBuildTests()
    {
        EvalFixture.Write(_dir.File("eval/science.jsonl"), _dir.File("eval/lines.txt"));
        var random = new Random(11);
        string Filler(int words) => CorpusFiles.Text(random, words);
        string Around(string inner, int words = 80) => Filler(words) + "\n" + inner + "\n" + Filler(words);
        var shards = new List<(string, string)>[]
        {
            [("clean-0", Filler(200)), ("verbatim", Around(EvalFixture.ItemText(2))),
             ("case", Around(EvalFixture.ItemText(4).ToUpperInvariant().Replace(" ", "  \n ").Replace("BLOOD", ", BLOOD"))), ("common-0", Around(CommonPhrase))],
            [("clean-1", Filler(200)), ("stem", Around(EvalFixture.Items[6].Question)), ("common-1", Around(CommonPhrase)),
             ("twice", Filler(80) + " " + EvalFixture.ItemText(0) + " " + Filler(150) + " " + EvalFixture.ItemText(10) + " " + Filler(80))],
            [("clean-2", Filler(200)), ("common-2", Around(CommonPhrase)), ("txt", Around(EvalFixture.Lines[0])), ("short", Around(EvalFixture.ItemText(12), 15))],
            [("clean-3", Filler(200)), ("common-3", Around(CommonPhrase)), ("common-4", Around(CommonPhrase.ToUpperInvariant())), ("free", Around(EvalFixture.ItemText(17)))],
        };
        for (int s = 0; s < shards.Length; s++) NearDuplicateCorpus.WriteJsonl(_dir.File($"in/part-{s}.jsonl"), shards[s]);
    }

    public void Dispose() => _dir.Dispose();

    private (Dictionary<string, string> Kept, JsonNode Report) Run(string options, int workers = 2, string name = "out")
    {
        string stages = "  - type: decontaminate\n    eval_sets:\n      - eval/science.jsonl\n      - path: eval/lines.txt\n        name: lines\n" +
                        options + "  - type: write_documents\n";
        string outDir = _dir.File(name);
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl"), outDir, stages);
        var result = CliProcess.Run(_dir.Path, "run", pipeline, "--workers", workers.ToString());
        Assert.True(result.ExitCode == 0, result.All);
        var kept = Directory.EnumerateFiles(Path.Combine(outDir, "documents"), "*.jsonl.gz").Order(StringComparer.Ordinal)
            .SelectMany(CorpusFiles.ReadJsonlGz).Select(l => JsonNode.Parse(l)!)
            .ToDictionary(d => d["id"]!.ToString(), d => d["text"]!.ToString());
        return (kept, JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!);
    }

    private static JsonNode Set(JsonNode report, string name) =>
        report["decontamination.decontaminate"]!["eval_sets"]!.AsArray().Single(s => s!["name"]!.ToString() == name)!;

    [Fact]
    public void DropModeRemovesEveryDocumentHoldingAnItemWhateverItsCaseAndSpacing()
    {
        var (kept, report) = Run("");
        Assert.Equal(Clean, kept.Keys.Order(StringComparer.Ordinal));

        var science = Set(report, "science");
        Assert.Equal(EvalFixture.Items.Length, science["items"]!.GetValue<int>());
        Assert.Equal(8, science["items_found"]!.GetValue<int>()); // items 0, 2, 4, 6, 8, 10, 12, 17
        Assert.Equal(11, science["docs_dropped"]!.GetValue<long>());
        Assert.Equal(1, Set(report, "lines")["items_found"]!.GetValue<int>());
        Assert.Equal(1, Set(report, "lines")["docs_dropped"]!.GetValue<long>());

        var samples = File.ReadAllLines(_dir.File("out/rejected/decontaminate.matches.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var verbatim = samples.Single(s => s["doc_id"]!.ToString() == "verbatim");
        Assert.Equal(EvalFixture.ItemText(2), verbatim["item_text"]!.ToString());
        Assert.Contains("directly beneath the crust", verbatim["context"]!.ToString());
        Assert.True(verbatim["covers_answer"]!.GetValue<bool>());
    }

    [Fact]
    public void RequireAnswerKeepsDocumentsThatHoldOnlyAQuestionStem()
    {
        var (kept, report) = Run("    require_answer: true\n");
        Assert.Equal(Clean.Concat(Common).Append("stem").Order(StringComparer.Ordinal), kept.Keys.Order(StringComparer.Ordinal));
        Assert.True(Set(report, "science")["hits_stem_only"]!.GetValue<long>() > 0);
    }

    [Fact]
    public void FrequentNGramsAreCommonPhrasesNotContaminationAndTheCountIsTheSameForAnyWorkerCount()
    {
        var (one, reportOne) = Run("    ignore_frequent: 3\n", workers: 1, name: "one");
        var (four, reportFour) = Run("    ignore_frequent: 3\n", workers: 4, name: "four");
        Assert.Equal(Clean.Concat(Common), one.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(one, four);
        Assert.Equal(reportOne["decontamination.decontaminate"]!.ToJsonString(), reportFour["decontamination.decontaminate"]!.ToJsonString());
        Assert.Equal(File.ReadAllBytes(_dir.File("one/rejected/decontaminate.matches.jsonl")), File.ReadAllBytes(_dir.File("four/rejected/decontaminate.matches.jsonl")));

        // Five documents hold the phrase: a limit of five or more counts it again.
        var (strict, _) = Run("    ignore_frequent: 5\n", name: "strict");
        Assert.Equal(Clean, strict.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CutModeRemovesTheMatchWithItsMarginAndDropsWhatIsCutTooOftenOrLeftTooShort()
    {
        var (kept, report) = Run("    mode: cut\n");
        Assert.DoesNotContain("short", kept.Keys);
        Assert.Equal(Clean.Concat(Common).Concat(["case", "free", "stem", "twice", "txt", "verbatim"]).Order(StringComparer.Ordinal),
            kept.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("beneath the crust", kept["verbatim"]);
        Assert.DoesNotContain("carbon dioxide", kept["twice"]);
        Assert.DoesNotContain("its speed", kept["twice"]);
        Assert.DoesNotContain("license agreement", kept["common-0"]);
        Assert.True(kept["verbatim"].Length >= 200);
        Assert.Equal(10, Set(report, "science")["docs_cut"]!.GetValue<long>());
        Assert.Equal(1, Set(report, "lines")["docs_cut"]!.GetValue<long>());
        Assert.Equal(1, Set(report, "science")["docs_dropped"]!.GetValue<long>());

        var (strict, _) = Run("    mode: cut\n    max_cuts: 1\n", name: "strict");
        Assert.DoesNotContain("twice", strict.Keys);
        Assert.Contains("verbatim", strict.Keys);
    }

    [Fact]
    public void AKilledFrequencyAwareBuildResumesToTheCleanBuildsBytes()
    {
        const string options = "    ignore_frequent: 3\n";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (clean, cleanReport) = Run(options, name: "clean");
        var cleanDuration = clock.Elapsed;
        var random = new Random(5);
        string stages = "  - type: decontaminate\n    eval_sets:\n      - eval/science.jsonl\n      - path: eval/lines.txt\n        name: lines\n" +
                        options + "  - type: write_documents\n";
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl"), _dir.File("killed"), stages);
        for (int kill = 0; kill < 4; kill++)
        {
            using var process = CliProcess.Start(_dir.Path, "run", pipeline, "--workers", "2");
            Thread.Sleep(TimeSpan.FromMilliseconds(random.NextDouble() * cleanDuration.TotalMilliseconds));
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
        }
        var (resumed, resumedReport) = Run(options, name: "killed");
        Assert.Equal(clean, resumed);
        Assert.Equal(cleanReport["decontamination.decontaminate"]!.ToJsonString(), resumedReport["decontamination.decontaminate"]!.ToJsonString());
        Assert.Equal(File.ReadAllBytes(_dir.File("clean/rejected/decontaminate.matches.jsonl")), File.ReadAllBytes(_dir.File("killed/rejected/decontaminate.matches.jsonl")));
    }

    [Fact]
    public void AMissingEvalFileIsAConfigErrorNamingTheKey()
    {
        string stages = "  - type: decontaminate\n    eval_sets: [eval/nope.jsonl]\n  - type: write_documents\n";
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl"), _dir.File("bad"), stages);
        var result = CliProcess.Run(_dir.Path, "run", pipeline);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("eval_sets", result.StdErr);
        Assert.Contains("evaluation file not found", result.StdErr);
    }
}
