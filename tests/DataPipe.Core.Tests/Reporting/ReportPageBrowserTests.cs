using System.Text.Json.Nodes;

namespace DataPipe.Core.Tests.Reporting;

/// <summary>The page from <c>make shards</c>, rendered by a real browser: every number it shows is report.json's.</summary>
public sealed class ReportPageBrowserTests
{
    [Fact]
    public void SampleBuildPageShowsExactlyTheReportNumbersWithoutConsoleErrors()
    {
        string build = Path.Combine(TestPaths.RepoRoot, "out", "sample");
        string html = Path.Combine(build, "report.html");
        Assert.True(File.Exists(html), $"{html} is missing: run `make shards` first (`make test` does)");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(build, "report.json")))!;

        string screenshot = Path.Combine(build, "report.png");
        var page = ReportPageChecker.Render(html, screenshot);

        Assert.Empty(page.Problems);
        int checkedValues = ReportPageChecker.AssertMatches(page, report);
        Assert.DoesNotMatch("[0-9]", page.UntaggedText); // every digit on the page belongs to a checked value
        Assert.True(checkedValues >= 20 + 6 * report["stages"]!.AsArray().Count, $"only {checkedValues} values on the page");
        foreach (var stage in report["stages"]!.AsArray())
            Assert.Contains(stage!["name"]!.ToString(), page.BodyText);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
    }
}
