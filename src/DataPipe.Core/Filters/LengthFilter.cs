using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>The <c>length</c> stage's options.</summary>
public sealed record LengthOptions : IValidatedOptions
{
    [Range(0, int.MaxValue)] public long MinChars { get; init; } = 1;
    [Range(0, int.MaxValue)] public long MaxChars { get; init; } = int.MaxValue;

    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (MinChars > MaxChars) yield return ("min_chars", $"must not exceed max_chars ({MaxChars})");
    }
}

/// <summary>Drops documents outside [min_chars, max_chars], counted in code points (Python <c>len</c>).</summary>
public sealed class LengthFilter(string name, long minChars, long maxChars) : DocumentFilter(name, Reasons)
{
    public const string TooShort = "too_short";
    public const string TooLong = "too_long";

    public static readonly IReadOnlyList<string> Reasons = [TooShort, TooLong];

    public LengthFilter(string name, LengthOptions options) : this(name, options.MinChars, options.MaxChars) { }

    public static IStage Create(OptionsNode o, StageBuildContext context) => new LengthFilter(context.StageName, OptionBinder.Bind<LengthOptions>(o));

    protected override string? Check(Document document, TextView text, Counters counters) => Evaluate(text);

    public string? Evaluate(TextView text)
    {
        // UTF-16 length bounds the code-point count from above and at most halves it: skip the count when it cannot matter.
        if (text.Text.Length < minChars) return TooShort;
        if (text.Text.Length / 2 > maxChars) return TooLong;
        int length = text.CodePoints;
        if (length < minChars) return TooShort;
        if (length > maxChars) return TooLong;
        return null;
    }
}
