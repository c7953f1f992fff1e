using System.Text.RegularExpressions;
using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Pii;

/// <summary>
/// The <c>pii</c> stage: replaces PII with typed placeholders and counts spans per type (<c>spans.email</c>, …) and
/// documents changed. A document whose scan exceeds the regex time limit (pathological input) is dropped as
/// <c>scan_timeout</c> — never passed on unscrubbed, never a crash.
/// </summary>
public sealed class PiiScrubStage(string name, PiiScrubber scrubber) : DocumentTransform, IDeclaresDropReasons
{
    public const string ScanTimeout = "scan_timeout";

    private static readonly string[] SpanCounters = [.. PiiTypes.All.Select(t => "spans." + t.Key())];

    public override string Name { get; } = name;

    public IReadOnlyList<string> DropReasons { get; } = [ScanTimeout];

    public PiiScrubber Scrubber { get; } = scrubber;

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        var enabled = PiiTypes.All.ToHashSet();
        foreach (string key in o.GetStringList("disabled"))
        {
            if (!PiiTypes.TryParse(key, out var type))
                throw o.Error("disabled", $"unknown PII type '{key}' (types: {string.Join(", ", PiiTypes.All.Select(t => t.Key()))})");
            enabled.Remove(type);
        }
        var placeholders = PiiTypes.All.ToDictionary(t => t, t => t.DefaultPlaceholder());
        if (o.GetSection("placeholders") is { } section)
        {
            foreach (var type in PiiTypes.All)
            {
                string text = section.GetString(type.Key(), placeholders[type])!;
                if (text.Contains('\n') || text.Contains('\r')) throw section.Error(type.Key(), "a placeholder must not contain a line break (it would shift lines)");
                placeholders[type] = text;
            }
            section.EnsureAllKeysKnown();
        }
        var d = new PiiOptions();
        var options = new PiiOptions
        {
            Enabled = enabled,
            Placeholders = placeholders,
            OnlyPublicIps = o.GetBool("only_public_ips", d.OnlyPublicIps),
            MinSecretLength = o.GetInt("min_secret_length", d.MinSecretLength, 8, 1024),
            MinSecretEntropy = o.GetDouble("min_secret_entropy", d.MinSecretEntropy, 0, 7),
        };
        return new PiiScrubStage(context.StageName, new PiiScrubber(options));
    }

    protected override StepResult Transform(Document document, TextView text, Counters counters)
    {
        string scrubbed;
        try
        {
            scrubbed = Scrubber.Scrub(document.Text, type => counters.Add(SpanCounters[(int)type]), text.Scratch<List<PiiSpan>>());
        }
        catch (RegexMatchTimeoutException)
        {
            return StepResult.Drop(ScanTimeout);
        }
        if (ReferenceEquals(scrubbed, document.Text)) return StepResult.Keep(document);
        counters.Add("documents_changed");
        return StepResult.Keep(document with { Text = scrubbed });
    }
}
