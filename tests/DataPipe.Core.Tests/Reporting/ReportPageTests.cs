using System.Text.Json.Nodes;
using DataPipe.Core.Reporting.Html;

namespace DataPipe.Core.Tests.Reporting;

public sealed class ReportPageTests
{
    private static JsonObject Report() => (JsonObject)JsonNode.Parse("""
        {"format_version":1,"pipeline":"p","config_hash":"abc","build":"/b",
         "inputs":{"shards":2,"bytes":10,"reader":{"records":5,"documents":4},"missing":["/in/x.gz"],"damaged":[]},
         "totals":{"docs_read":4,"docs_kept":3,"task_seconds":0.25},
         "stages":[{"name":"c4","kind":"document","docs_in":4,"docs_out":3,"docs_dropped":1,"bytes_in":100,"bytes_out":70,
                    "drops":{"lorem_ipsum":{"docs":1,"bytes":30}},"counters":{"lines_removed":7},"seconds":0.5,"docs_per_second":8,"mb_per_second":0.0002}],
         "phases":[{"name":"pass-1","kind":"pass","tasks":2,"tasks_reported":2,"task_seconds":0.2,"input_bytes":10}],
         "histograms":{"doc_bytes_read":[{"low":16,"high":32,"count":4}]},
         "tokens":{"tokens":1234567,"per_document":[{"low":8,"high":16,"count":3}],"shards":[{"file":"shard-00000.arrow","rows":3}]}}
        """)!;

    [Fact]
    public void PageIsSelfContained()
    {
        string html = ReportPage.Render(Report());
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public void NumbersAreFormattedAndTaggedWithTheirPaths()
    {
        string html = ReportPage.Render(Report());
        Assert.Contains("<td data-key=\"stages/0/docs_in\">4</td>", html);
        Assert.Contains("<td data-key=\"tokens/tokens\">1,234,567</td>", html);
        Assert.Contains("<td data-key=\"stages/0/mb_per_second\">0.0002</td>", html);
        Assert.Contains("data-key-name=\"stages/0/drops/lorem_ipsum\"", html);
        Assert.Contains("data-key=\"tokens/per_document/0/count\"", html);
        Assert.Contains("data-key=\"tokens/shards/0/file\"", html);
        Assert.Contains("<code data-key=\"inputs/missing/0\">/in/x.gz</code>", html);
    }

    [Fact]
    public void FunnelStartsWithAnInputBarSoTheFirstStagesCutShows()
    {
        string html = ReportPage.Render(Report());
        int funnel = html.IndexOf("Removal funnel", StringComparison.Ordinal);
        string svg = html[html.IndexOf("<svg", funnel, StringComparison.Ordinal)..(html.IndexOf("</svg>", funnel, StringComparison.Ordinal))];
        var labels = System.Text.RegularExpressions.Regex.Matches(svg, ">([^<>]+)</text>").Select(m => m.Groups[1].Value).ToList();
        var widths = System.Text.RegularExpressions.Regex.Matches(svg, "<rect [^>]*width=\"([0-9.]+)\"").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(["input", "c4"], labels);
        // 4 documents in, 3 out of c4: the stage's bar is three quarters of the input's.
        Assert.Equal(0.75, widths[1] / widths[0], 3);
    }

    [Theory]
    [InlineData("12345", "12,345")]
    [InlineData("0.25", "0.25")]
    [InlineData("3.0", "3")]
    [InlineData("1.23456", "1.23456")]
    [InlineData("true", "yes")]
    [InlineData("\"x/y\"", "x/y")]
    public void FormatsValues(string json, string shown) => Assert.Equal(shown, HtmlBuilder.Format(JsonNode.Parse(json)));
}
