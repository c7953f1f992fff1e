using DataPipe.Core.Reporting;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Reporting;

public sealed class ReportComparisonTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ComparesTotalsFunnelAndDropRates()
    {
        var before = BuildReport.Parse("""{"build":"a","totals":{"docs_read":100,"docs_kept":80},"inputs":{"missing":[]},"stages":[{"name":"c4","docs_in":100,"docs_out":80,"drops":{"short":{"docs":20}}}]}""");
        var after = BuildReport.Parse("""{"build":"b","totals":{"docs_read":200,"docs_kept":150},"inputs":{"missing":["x"]},"stages":[{"name":"c4","docs_in":200,"docs_out":150,"drops":{"short":{"docs":30},"lorem":{"docs":20}}}],"tokens":{"tokens":5000}}""");
        var rows = ReportComparison.Create(before, after).Rows;
        var kept = rows.Single(r => r.Section == "totals" && r.Name == "docs_kept");
        Assert.Equal((80d, 150d, 70d), (kept.Before, kept.After, kept.Change));
        Assert.Equal(0.875, kept.RelativeChange!.Value, 6);
        var shortRate = rows.Single(r => r.Name == "c4.short");
        Assert.Equal(0.2, shortRate.Before, 9);
        Assert.Equal(0.15, shortRate.After, 9);
        Assert.Equal(0.0, rows.Single(r => r.Name == "c4.lorem").Before);
        Assert.Equal(1, rows.Single(r => r.Name == "missing_inputs").After);
        Assert.Equal(5000, rows.Single(r => r.Section == "tokens").After);
    }

    [Fact]
    public void CliComparesTwoBuilds()
    {
        CorpusFiles.WriteJsonlShards(_dir.File("in"), shards: 2, docsPerShard: 10);
        foreach (var (name, glob) in new[] { ("a", "in/part-000.jsonl.gz"), ("b", "in/*.jsonl.gz") })
        {
            var run = CliProcess.Run(_dir.Path, "run", CorpusFiles.WritePipeline(_dir.Path, _dir.File(glob), _dir.File(name)));
            Assert.True(run.ExitCode == 0, run.All);
        }
        var result = CliProcess.Run(_dir.Path, "report", _dir.File("a"), _dir.File("b"));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Matches(@"docs_kept\s*│\s*10\s*│\s*20\s*│\s*\+10 \(\+100\.0 %\)", result.StdOut);
        Assert.True(File.Exists(_dir.File("b/report-compare.html")));
    }
}
