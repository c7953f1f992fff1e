using System.Text.Json.Nodes;
using DataPipe.Core.Reporting;
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

    /// <summary>The page of a report.json's text, as the build draws it.</summary>
    private static string Render(JsonObject report) => ReportPage.Render(BuildReport.Parse(report.ToJsonString()));

    [Fact]
    public void PageIsSelfContained()
    {
        string html = Render(Report());
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public void NumbersAreFormattedAndTaggedWithTheirPaths()
    {
        string html = Render(Report());
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
        string html = Render(Report());
        int funnel = html.IndexOf("Removal funnel", StringComparison.Ordinal);
        string svg = html[html.IndexOf("<svg", funnel, StringComparison.Ordinal)..(html.IndexOf("</svg>", funnel, StringComparison.Ordinal))];
        var labels = System.Text.RegularExpressions.Regex.Matches(svg, ">([^<>]+)</text>").Select(m => m.Groups[1].Value).ToList();
        var widths = System.Text.RegularExpressions.Regex.Matches(svg, "<rect [^>]*width=\"([0-9.]+)\"").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(["input", "c4"], labels);
        // 4 documents in, 3 out of c4: the stage's bar is three quarters of the input's.
        Assert.Equal(0.75, widths[1] / widths[0], 3);
    }

    [Fact]
    public void LanguagesHaveTheirOwnChartAndTableMostDocumentsFirst()
    {
        var report = Report();
        ((JsonArray)report["stages"]!).Add(JsonNode.Parse("""
            {"name":"language_id","kind":"document","docs_in":10,"docs_out":8,"docs_dropped":2,"bytes_in":500,"bytes_out":400,
             "drops":{"language":{"docs":2,"bytes":100}},
             "counters":{"bytes.de":60,"bytes.en":400,"bytes.fr":40,"docs.de":1,"docs.en":8,"docs.fr":1},"seconds":0.1}
            """));
        string html = Render(report);
        int section = html.IndexOf("Languages seen by", StringComparison.Ordinal);
        Assert.True(section > 0, "no languages section");
        string body = html[section..html.IndexOf("</section>", section, StringComparison.Ordinal)];
        var labels = System.Text.RegularExpressions.Regex.Matches(body, ">([a-z]+)</text>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["en", "de", "fr"], labels);
        Assert.Contains("<td>en</td><td data-key=\"stages/1/counters/docs.en\">8</td><td data-key=\"stages/1/counters/bytes.en\">400</td>", body);
        // The per-language counters are not drawn a second time among the stage's own counts.
        Assert.DoesNotContain("Stage <span data-key=\"stages/1/name\">language_id</span>: counts", html);
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
