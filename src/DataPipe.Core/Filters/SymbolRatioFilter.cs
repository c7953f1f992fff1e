using System.Text;
using DataPipe.Core.Config;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>
/// The classic "mostly symbols" rule: drop when the fraction of non-alphanumeric characters exceeds
/// <c>max_non_alnum_ratio</c> (default 0.5). Whitespace is left out of both counts unless <c>count_whitespace</c>,
/// so ordinary prose (≈ 3 % punctuation) sits far below the threshold and spacing style does not matter.
/// </summary>
public sealed class SymbolRatioFilter(string name, double maxRatio, bool countWhitespace) : DocumentFilter, IDeclaresDropReasons
{
    public const string Reason = "symbol_ratio";

    public static readonly IReadOnlyList<string> Reasons = [Reason];

    public override string Name { get; } = name;

    public IReadOnlyList<string> DropReasons => Reasons;

    public static IStage Create(OptionsNode o, StageBuildContext context) =>
        new SymbolRatioFilter(context.StageName, o.GetDouble("max_non_alnum_ratio", 0.5, 0, 1), o.GetBool("count_whitespace", false));

    protected override string? Check(Document document, Counters counters) => Evaluate(document.Text);

    public string? Evaluate(ReadOnlySpan<char> text) => Ratio(text) > maxRatio ? Reason : null;

    public double Ratio(ReadOnlySpan<char> text)
    {
        long counted = 0, symbols = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(c)) { counted++; continue; }
                if (c is ' ' or '\n' or '\t' or '\r' && !countWhitespace) continue;
                counted++;
                symbols++;
                continue;
            }
            if (!countWhitespace && char.IsWhiteSpace(c)) continue;
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int width);
            i += width - 1;
            counted++;
            if (!Rune.IsLetterOrDigit(rune)) symbols++;
        }
        return counted == 0 ? 0 : (double)symbols / counted;
    }
}
