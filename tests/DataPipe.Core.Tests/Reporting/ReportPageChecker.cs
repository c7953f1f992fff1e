using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPipe.Core.Tests.Reporting;

/// <summary>Renders a report.html in headless Chromium (tests/interop/report) and checks what it shows against report.json.</summary>
public static class ReportPageChecker
{
    public sealed record Rendered(List<Tagged> Tagged, string UntaggedText, string BodyText, List<string> Problems);

    public sealed record Tagged(string Key, bool Name, string Text, bool Visible);

    public static Rendered Render(string html, string screenshot)
    {
        string script = Path.Combine(TestPaths.RepoRoot, "tests", "interop", "report", "render-report.mjs");
        Assert.True(Directory.Exists(Path.Combine(TestPaths.RepoRoot, "tests", "interop", "report", "node_modules")),
            "tests/interop/report/node_modules is missing: run `make interop-deps` (make test does)");
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is missing: `apt-get install chromium` (.ci/run does)");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(html);
        info.ArgumentList.Add(screenshot);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "chromium did not render the page in 2 minutes");
        Assert.True(process.ExitCode == 0, stderr.Result);
        return JsonSerializer.Deserialize<Rendered>(stdout.Result, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    /// <summary>Asserts that every tagged number or name on the page equals the report value at its path.</summary>
    public static int AssertMatches(Rendered page, JsonNode report)
    {
        foreach (var t in page.Tagged)
        {
            var (parent, last, node) = Resolve(report, t.Key);
            Assert.True(parent is not null, $"the page shows '{t.Text}' for {t.Key}, which report.json does not have");
            if (t.Name)
            {
                Assert.Equal(last, t.Text);
                continue;
            }
            Assert.True(node is JsonValue, $"{t.Key} is not a value in report.json");
            var value = (JsonValue)node!;
            switch (value.GetValueKind())
            {
                case JsonValueKind.Number:
                    decimal shown = decimal.Parse(t.Text.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
                    Assert.True(value.GetValue<decimal>() == shown, $"{t.Key}: page shows {t.Text}, report.json has {value}");
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    Assert.Equal(value.GetValue<bool>() ? "yes" : "no", t.Text);
                    break;
                default:
                    Assert.Equal(value.GetValue<string>(), t.Text);
                    break;
            }
        }
        return page.Tagged.Count;
    }

    private static (JsonNode? Parent, string Last, JsonNode? Node) Resolve(JsonNode root, string path)
    {
        JsonNode? parent = null, node = root;
        string last = "";
        foreach (var raw in path.Split('/'))
        {
            last = raw.Replace("~1", "/").Replace("~0", "~");
            parent = node;
            node = node switch
            {
                JsonObject o when o.ContainsKey(last) => o[last],
                JsonArray a when int.TryParse(last, out int i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null && !(parent is JsonObject po && po.ContainsKey(last))) return (null, last, null);
        }
        return (parent, last, node);
    }
}
