using System.Text;
using DataPipe.Core.Pii.Detectors;

namespace DataPipe.Core.Pii;

/// <summary>Settings of the scrubber; defaults follow the reference (public IPs only) and the issue (typed placeholders).</summary>
public sealed record PiiOptions
{
    public IReadOnlySet<PiiType> Enabled { get; init; } = PiiTypes.All.ToHashSet();
    public IReadOnlyDictionary<PiiType, string> Placeholders { get; init; } = PiiTypes.All.ToDictionary(t => t, t => t.DefaultPlaceholder());
    public bool OnlyPublicIps { get; init; } = true;
    public int MinSecretLength { get; init; } = 20;
    public double MinSecretEntropy { get; init; } = 3.5;
}

/// <summary>
/// Finds PII spans with every enabled detector, keeps a non-overlapping set (earliest start, then longest), and
/// replaces each with its placeholder. Newlines inside a replaced span are kept after the placeholder, so the text
/// has exactly the same lines as before. Thread-safe: detectors are static, and the span list is the caller's.
/// </summary>
public sealed class PiiScrubber(PiiOptions options)
{
    public PiiOptions Options { get; } = options;

    /// <summary>Every detected span, sorted and without overlaps.</summary>
    public IReadOnlyList<PiiSpan> Detect(ReadOnlySpan<char> text) => [.. DetectInto(text, new List<PiiSpan>())];

    /// <summary>The scrubbed text (the same string instance when nothing was found) and the spans replaced.</summary>
    /// <param name="scratch">A list to find spans in, reused from call to call (a task's <c>TextView</c> keeps one).</param>
    public string Scrub(string text, Action<PiiType>? onSpan = null, List<PiiSpan>? scratch = null)
    {
        var spans = DetectInto(text, scratch ?? new List<PiiSpan>(16));
        if (spans.Count == 0) return text;
        var sb = new StringBuilder(text.Length);
        int pos = 0;
        foreach (var span in spans)
        {
            sb.Append(text, pos, span.Start - pos);
            sb.Append(Options.Placeholders[span.Type]);
            foreach (char c in text.AsSpan(span.Start, span.Length))
                if (c == '\n') sb.Append('\n');
            pos = span.End;
            onSpan?.Invoke(span.Type);
        }
        sb.Append(text, pos, text.Length - pos);
        return sb.ToString();
    }

    private List<PiiSpan> DetectInto(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        spans.Clear();
        var on = Options.Enabled;
        if (on.Contains(PiiType.Secret)) SecretDetector.Find(text, spans, Options.MinSecretLength, Options.MinSecretEntropy);
        if (on.Contains(PiiType.Email)) EmailDetector.Find(text, spans);
        bool digits = text.IndexOfAnyInRange('0', '9') >= 0;
        if (digits)
        {
            if (on.Contains(PiiType.Iban)) IbanDetector.Find(text, spans);
            if (on.Contains(PiiType.Card)) NumberDetectors.FindCards(text, spans);
            if (on.Contains(PiiType.Ssn)) NumberDetectors.FindSsns(text, spans);
            if (on.Contains(PiiType.Phone)) NumberDetectors.FindPhones(text, spans);
        }
        if (on.Contains(PiiType.Ip) && (digits || text.Contains(':'))) IpDetector.Find(text, spans, Options.OnlyPublicIps);
        return ResolveOverlaps(spans);
    }

    private static List<PiiSpan> ResolveOverlaps(List<PiiSpan> spans)
    {
        if (spans.Count < 2) return spans;
        spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        int kept = 0;
        int end = -1;
        for (int i = 0; i < spans.Count; i++)
        {
            if (spans[i].Start < end) continue;
            spans[kept++] = spans[i];
            end = spans[i].End;
        }
        spans.RemoveRange(kept, spans.Count - kept);
        return spans;
    }
}
