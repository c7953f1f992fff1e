using System.Globalization;
using System.Text.Json.Nodes;
using DataPipe.Core.Classification.Quality;
using DataPipe.Core.Classification.Training;
using DataPipe.Core.Config;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using DataPipe.Core.Tests.Dedup;
using DataPipe.Core.Tests.Filters;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Classification;

/// <summary>A small model trained here (Debian copyright files = <c>lic</c> vs changelogs = <c>log</c>) for the stage tests.</summary>
public sealed class QualityModelFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public QualityModelFixture()
    {
        var all = LabelledText.DocsVersusChangelogs(perLabel: 500);
        var corpus = new LabelledCorpus();
        foreach (var d in all.Where((_, i) => i % 4 < 2)) corpus.Add(d.Text, [d.Label]);
        FastTextTrainer.Train(corpus, new FastTextTrainOptions { Dim = 16, Bucket = 20_000, Thread = 1 }).Model.Save(Model);
        Held = all.Where((_, i) => i % 4 >= 2).Select(d => d.Text).ToList();
    }

    public string Model => _dir.File("quality.bin");

    /// <summary>Documents the model was not trained on.</summary>
    public IReadOnlyList<string> Held { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>The <c>quality_classifier</c> stage: the score is the CLI's probability, min_score, the global top-fraction cut, config errors.</summary>
public sealed class QualityClassifierStageTests(QualityModelFixture fixture) : IClassFixture<QualityModelFixture>
{
    private static StepContext Context() => new()
    {
        Layout = null!, Shard = null!, ShardCount = 1, Pass = 0, Counters = new Counters(),
        Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Seed = 1,
    };

    private static float ScoreOf(StepResult result) =>
        float.Parse(result.Document!.Metadata[QualityScorer.MetadataKey], CultureInfo.InvariantCulture);

    [FastTextCliFact]
    public void TheScoreIsTheCliProbabilityOfTheLabelAndMinScoreDropsBelowIt()
    {
        var docs = fixture.Held.Take(120).ToList();
        var cli = FastTextCli.PredictProb(fixture.Model, docs.Select(LabelledText.OneLine).ToList(), 2);
        var scoreOnly = StageBuilder.Build("quality_classifier", $"{{ model: '{fixture.Model}', label: log }}");
        var strict = StageBuilder.Build("quality_classifier", $"{{ model: '{fixture.Model}', label: __label__log, min_score: 0.5 }}");
        using var all = ((IDocumentStage)scoreOnly).Open(Context());
        using var cut = ((IDocumentStage)strict).Open(Context());
        int kept = 0, dropped = 0;
        for (int i = 0; i < docs.Count; i++)
        {
            float score = ScoreOf(all.Process(StageBuilder.Doc(docs[i])));
            float expected = cli[i].SingleOrDefault(l => l.Name == "__label__log")?.Probability ?? 0f;
            Assert.True(Math.Abs(score - expected) <= 1e-4, $"document {i}: {score} vs the CLI's {expected}");
            var result = cut.Process(StageBuilder.Doc(docs[i]));
            if (score >= 0.5)
            {
                Assert.True(result.Kept);
                kept++;
            }
            else
            {
                Assert.Equal(QualityClassifierStage.DropReason, result.DropReason);
                dropped++;
            }
        }
        Assert.True(kept > 10 && dropped > 10, $"kept {kept}, dropped {dropped}: the held-out set should hold both classes");
    }

    [Fact]
    public void TheTopFractionCutIsTheSameForOneAndFourWorkers()
    {
        using var dir = new TempDirectory();
        // Every text four times over the shards: equal scores straddle the cut, and ties fall by source position.
        var texts = fixture.Held.Take(100).ToList();
        for (int s = 0; s < 4; s++)
            NearDuplicateCorpus.WriteJsonl(dir.File($"in/part-{s}.jsonl"), texts.Select((t, i) => ($"s{s}-{i}", texts[(i * 7 + s * 13) % texts.Count])).ToList());
        File.Copy(fixture.Model, dir.File("quality.bin"));
        const string stages = "  - type: quality_classifier\n    model: quality.bin\n    label: log\n    keep_top_fraction: 0.29\n  - type: write_documents\n";

        Dictionary<string, float> Run(int workers)
        {
            string outDir = dir.File($"out{workers}");
            string pipeline = CorpusFiles.WritePipeline(dir.Path, dir.File("in/*.jsonl"), outDir, stages);
            var result = CliProcess.Run(dir.Path, "run", pipeline, "--workers", workers.ToString(CultureInfo.InvariantCulture));
            Assert.True(result.ExitCode == 0, result.All);
            return Directory.EnumerateFiles(Path.Combine(outDir, "documents"), "*.jsonl.gz").Order(StringComparer.Ordinal)
                .SelectMany(CorpusFiles.ReadJsonlGz).Select(l => JsonNode.Parse(l)!)
                .ToDictionary(d => d["id"]!.ToString(), d => float.Parse(d["metadata"]![QualityScorer.MetadataKey]!.ToString(), CultureInfo.InvariantCulture));
        }

        var one = Run(1);
        var four = Run(4);
        Assert.Equal(CorpusFiles.Hashes(dir.File("out1/documents")), CorpusFiles.Hashes(dir.File("out4/documents")));
        Assert.Equal(116, one.Count); // ceil(0.29 × 400): the cut falls inside a group of four equal scores
        Assert.Equal(one, four);

        // Everything dropped scores at most the lowest kept score.
        var stage = StageBuilder.Build("quality_classifier", $"{{ model: '{fixture.Model}', label: log }}");
        using var step = ((IDocumentStage)stage).Open(Context());
        float lowestKept = one.Values.Min();
        for (int s = 0; s < 4; s++)
            for (int i = 0; i < texts.Count; i++)
                if (!one.ContainsKey($"s{s}-{i}"))
                    Assert.True(ScoreOf(step.Process(StageBuilder.Doc(texts[(i * 7 + s * 13) % texts.Count]))) <= lowestKept);
    }

    [Theory]
    [InlineData("label: log, min_score: 0.5, keep_top_fraction: 0.1", "keep_top_fraction", "not both")]
    [InlineData("label: nope", "label", "not a label")]
    [InlineData("label: log, keep_top_fraction: 1.5", "keep_top_fraction", "between")]
    [InlineData("min_score: 0.5", "label", "required")]
    public void BadOptionsAreConfigErrorsAtTheirLine(string options, string key, string problem)
    {
        string yaml = $"model: '{fixture.Model}'\n" + options.Replace(", ", "\n");
        var e = Assert.Throws<ConfigException>(() => StageBuilder.Build("quality_classifier", yaml));
        Assert.Contains(key, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("test.yaml:", e.Message);
    }

    [Fact]
    public void AMissingModelIsAConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => StageBuilder.Build("quality_classifier", "model: nowhere/quality.bin\nlabel: hq\n"));
        Assert.Contains("not found", e.Message);
        Assert.StartsWith("test.yaml:1", e.Message);
    }
}
