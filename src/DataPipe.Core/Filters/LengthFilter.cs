using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>Drops documents outside [min_chars, max_chars], counted in code points (Python <c>len</c>).</summary>
public sealed class LengthFilter(string name, long minChars, long maxChars) : DocumentFilter, IDeclaresDropReasons
{
    public const string TooShort = "too_short";
    public const string TooLong = "too_long";

    public static readonly IReadOnlyList<string> Reasons = [TooShort, TooLong];

    public override string Name { get; } = name;

    public IReadOnlyList<string> DropReasons => Reasons;

    public static IStage Create(OptionsNode o, StageBuildContext context)
    {
        long min = o.GetLong("min_chars", 1, 0, int.MaxValue);
        long max = o.GetLong("max_chars", int.MaxValue, 0, int.MaxValue);
        if (min > max) throw o.Error("min_chars", $"must not exceed max_chars ({max})");
        return new LengthFilter(context.StageName, min, max);
    }

    protected override string? Check(Document document, Counters counters) => Evaluate(document.Text);

    public string? Evaluate(ReadOnlySpan<char> text)
    {
        // UTF-16 length bounds the code-point count from above and at most halves it: skip the count when it cannot matter.
        if (text.Length < minChars) return TooShort;
        if (text.Length / 2 > maxChars) return TooLong;
        int length = PyText.Length(text);
        if (length < minChars) return TooShort;
        if (length > maxChars) return TooLong;
        return null;
    }
}
