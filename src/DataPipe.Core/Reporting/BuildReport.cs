using System.Text.Json;
using System.Text.Json.Serialization;
using DataPipe.Core.Execution;
using DataPipe.Core.Reporting.Model;

namespace DataPipe.Core.Reporting;

/// <summary>
/// report.json as records: what a build read, kept and dropped, per stage and phase. Shaped by
/// <see cref="ReportShaper"/> from the tasks' statistics (<see cref="BuildStats"/>) and written and read through one
/// generated serializer, so the page, the summary and the comparison read fields the compiler checks.
/// </summary>
public sealed record BuildReport
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; set; } = CurrentFormatVersion;
    public string Pipeline { get; set; } = "";
    public string ConfigHash { get; set; } = "";
    public string Build { get; set; } = "";
    public InputsReport Inputs { get; set; } = new();
    public TotalsReport Totals { get; set; } = new();
    public IReadOnlyList<StageReport> Stages { get; set; } = [];
    public IReadOnlyList<PhaseReport> Phases { get; set; } = [];

    /// <summary>Null in reports older than the histograms.</summary>
    public SizeHistograms? Histograms { get; set; }

    /// <summary>Sections finalizers added (<c>tokens</c>, <c>dedup.&lt;stage&gt;</c>…), in ordinal order of name.
    /// Each stage shapes its own, so the report keeps them as JSON (elements: the generated serializer writes a
    /// <c>JsonObject</c> extension as one unnamed value, which is not JSON).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Sections { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TrainingReport? Training { get; set; }

    public static BuildReport Create(BuildSession session, IReadOnlyDictionary<string, object> extraSections) =>
        ReportShaper.Shape(session, BuildStats.Load(session.Plan, session.Layout), extraSections);

    public static BuildReport Load(string path) => Parse(File.ReadAllText(path), path);

    public static BuildReport Parse(string json, string source = "report") =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Default.BuildReport) ?? throw new InvalidDataException($"{source} is not a report");

    /// <summary>Writes report.json and the page drawn from it, report.html.</summary>
    public void Write(BuildLayout layout)
    {
        string json = ToJson();
        IO.AtomicFile.WriteAllText(layout.ReportJson, json);
        // Drawn from the written text, so the page shows exactly what report.json holds.
        IO.AtomicFile.WriteAllText(layout.ReportHtml, Html.ReportPage.Render(Parse(json), TrainingRunSection.LossPlot(Training?.Run)));
    }

    public string ToJson()
    {
        var json = FiniteNumbers.SerializeToNode(this, ReportJsonContext.Default.BuildReport, "report.json").AsObject();
        // The serializer writes extension data after every declared property, but training has always come last.
        string training = ReportJsonContext.Key(nameof(Training));
        if (json.Remove(training, out var section)) json.Add(training, section);
        return json.ToJsonString(ReportJsonContext.Default.Options) + "\n";
    }
}
