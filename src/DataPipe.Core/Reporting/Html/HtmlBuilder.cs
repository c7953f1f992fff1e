using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace DataPipe.Core.Reporting.Html;

/// <summary>
/// Small HTML writer for the report page. Every number it prints is tagged with <c>data-key</c>, the JSON path of
/// the report value it shows, so a test (or a reader) can check the page against report.json.
/// </summary>
public sealed class HtmlBuilder
{
    private readonly StringBuilder _sb = new();

    public HtmlBuilder Raw(string html)
    {
        _sb.Append(html);
        return this;
    }

    public HtmlBuilder Text(string text) => Raw(WebUtility.HtmlEncode(text));

    public HtmlBuilder Tag(string tag, string text, string? cssClass = null) =>
        Raw($"<{tag}{(cssClass is null ? "" : $" class=\"{cssClass}\"")}>").Text(text).Raw($"</{tag}>");

    /// <summary>A value from the report, shown as formatted text and tagged with its path.</summary>
    public HtmlBuilder Value(JsonNode? node, string path, string tag = "span") => Tagged(Format(node), path, tag);

    public HtmlBuilder Value(long value, string path, string tag = "span") => Tagged(Format(value), path, tag);

    public HtmlBuilder Value(double value, string path, string tag = "span") => Tagged(Format(value), path, tag);

    public HtmlBuilder Value(bool value, string path, string tag = "span") => Tagged(Format(value), path, tag);

    public HtmlBuilder Value(string? value, string path, string tag = "span") => Tagged(value ?? "", path, tag);

    private HtmlBuilder Tagged(string text, string path, string tag) =>
        Raw($"<{tag} data-key=\"{WebUtility.HtmlEncode(path)}\">").Text(text).Raw($"</{tag}>");

    public static string Format(JsonNode? node)
    {
        if (node is not JsonValue value) return node?.ToJsonString() ?? "";
        if (value.TryGetValue(out long l)) return Format(l);
        if (value.TryGetValue(out double d)) return Format(d);
        if (value.TryGetValue(out bool b)) return Format(b);
        return value.ToString();
    }

    public static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("#,0.###############", CultureInfo.InvariantCulture); // all the digits report.json holds

    public static string Format(bool value) => value ? "yes" : "no";

    /// <summary>A report number as double, whatever numeric type the node holds.</summary>
    public static double Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v when v.TryGetValue(out int i) => i,
        JsonValue v when v.TryGetValue(out double d) => d,
        _ => 0,
    };

    /// <summary>A report path: <paramref name="root"/> is a path already, each segment is escaped (JSON-pointer style).</summary>
    public static string Path(string root, params object[] segments) =>
        string.Join("/", segments.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)!.Replace("~", "~0").Replace("/", "~1")).Prepend(root));

    public override string ToString() => _sb.ToString();
}
