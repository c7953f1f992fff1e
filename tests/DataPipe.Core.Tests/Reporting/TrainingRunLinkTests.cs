using System.Text.Json.Nodes;
using DataPipe.Core.Reporting;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Reporting;

/// <summary>A training run shows in its token build's report wherever its <c>--out</c> is, linked through the
/// manifest it read.</summary>
public sealed class TrainingRunLinkTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private void WriteRun(string folder, string manifest, int steps)
    {
        Directory.CreateDirectory(folder);
        var lines = new List<string> { "step,train_loss,val_loss,lr,grad_norm,tokens_per_s,event" };
        for (int step = 1; step <= steps; step++) lines.Add($"{step},4.5,{(step % 5 == 0 ? "4.75" : "")},0.001,0.5,900,");
        File.WriteAllLines(Path.Combine(folder, "metrics.csv"), lines);
        File.WriteAllText(Path.Combine(folder, "summary.json"), new JsonObject { ["parameters"] = 1000, [TrainingRunLinks.ManifestKey] = manifest }.ToJsonString());
    }

    [Fact]
    public void ARunOutsideTheBuildIsInTheRegeneratedReport()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 1, docsPerShard: 5, wordsPerDoc: 30);
        string build = _dir.File("build");
        var run = CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.jsonl.gz"), build));
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Null(JsonNode.Parse(File.ReadAllText(Path.Combine(build, "report.json")))!["training"]);

        // The run sits elsewhere; a second run elsewhere read another build's tokens and must not show.
        string manifest = TrainingRunLinks.ManifestOf(Path.Combine(build, "tokens"));
        string trainRun = _dir.File("runs/tiny");
        WriteRun(trainRun, manifest, 12);
        TrainingRunLinks.Register(manifest, trainRun);
        string foreign = _dir.File("runs/other");
        WriteRun(foreign, _dir.File("elsewhere/tokens/manifest.json"), 30);
        TrainingRunLinks.Register(manifest, foreign);

        var report = CliProcess.Run(_dir.Path, "report", build);
        Assert.True(report.ExitCode == 0, report.All);
        var training = JsonNode.Parse(File.ReadAllText(Path.Combine(build, "report.json")))!["training"]!;
        Assert.Equal(Path.GetFullPath(trainRun), training["run"]!.ToString());
        Assert.Equal(12, training["loss_curve"]!.AsArray().Count);
        Assert.Equal(manifest, training["summary"]![TrainingRunLinks.ManifestKey]!.ToString());
        Assert.Contains("data-key=\"training/loss_curve/4/val_loss\"", File.ReadAllText(Path.Combine(build, "report.html")));
    }

    [Fact]
    public void ARunFolderReusedForAnotherBuildNoLongerCounts()
    {
        string build = _dir.File("build");
        string manifest = TrainingRunLinks.ManifestOf(Path.Combine(build, "tokens"));
        string run = _dir.File("runs/a");
        WriteRun(run, manifest, 3);
        TrainingRunLinks.Register(manifest, run);
        Assert.Equal(Path.GetFullPath(run), TrainingRunLinks.Latest(build));

        WriteRun(run, _dir.File("other/tokens/manifest.json"), 3);
        Assert.Null(TrainingRunLinks.Latest(build));
    }
}
