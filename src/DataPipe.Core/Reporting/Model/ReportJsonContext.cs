using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPipe.Core.Reporting.Model;

/// <summary>
/// The one serializer of report.json, generated at build time: snake_case names, two-space indents. The records it
/// reads have setters, not init: for an init property missing from the JSON (a field an older report lacks) the
/// generated code passes null or zero and loses the property's default (dotnet/runtime#84484).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(BuildReport))]
[JsonSerializable(typeof(IReadOnlyList<HistogramRow>))]
[JsonSerializable(typeof(TokensSection))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
    /// <summary>The JSON name of a report property, for the page's <c>data-key</c> paths: written as
    /// <c>Key(nameof(StageReport.DocsIn))</c>, a renamed property renames the path with it.</summary>
    public static string Key(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);
}
