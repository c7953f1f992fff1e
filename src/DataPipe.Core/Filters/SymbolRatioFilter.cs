using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

/// <summary>The <c>symbol_ratio</c> stage's options.</summary>
public sealed record SymbolRatioOptions
{
    [Range(0, 1)] public double MaxNonAlnumRatio { get; init; } = 0.5;
    public bool CountWhitespace { get; init; }
}

/// <summary>
/// The classic "mostly symbols" rule: drop when the fraction of non-alphanumeric characters exceeds
/// <c>max_non_alnum_ratio</c> (default 0.5). Whitespace is left out of both counts unless <c>count_whitespace</c>,
/// so ordinary prose (≈ 3 % punctuation) sits far below the threshold and spacing style does not matter.
/// </summary>
public sealed class SymbolRatioFilter(string name, double maxRatio, bool countWhitespace) : DocumentFilter(name, Reason)
{
    public const string Reason = "symbol_ratio";

    public static readonly IReadOnlyList<string> Reasons = [Reason];

    public SymbolRatioFilter(string name, SymbolRatioOptions options) : this(name, options.MaxNonAlnumRatio, options.CountWhitespace) { }

    public static IStage Create(OptionsNode o, StageBuildContext context) =>
        new SymbolRatioFilter(context.StageName, OptionBinder.Bind<SymbolRatioOptions>(o));

    protected override string? Check(Document document, TextView text, Counters counters) => Evaluate(text.Text);

    public string? Evaluate(ReadOnlySpan<char> text) => Ratio(text) > maxRatio ? Reason : null;

    public double Ratio(ReadOnlySpan<char> text)
    {
        long counted = 0, symbols = 0;
        int i = 0, scalarUntil = 0;
        while (i < text.Length)
        {
            if (i >= scalarUntil)
            {
                // Vector blocks while they are pure ASCII; then one block char by char, then vectors again.
                i = CountAsciiBlocks(text, i, ref counted, ref symbols);
                scalarUntil = i + Vector256<ushort>.Count;
                if (i >= text.Length) break;
            }
            char c = text[i++];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(c)) { counted++; continue; }
                if (c is ' ' or '\n' or '\t' or '\r' && !countWhitespace) continue;
                counted++;
                symbols++;
                continue;
            }
            if (!countWhitespace && char.IsWhiteSpace(c)) continue;
            Rune.DecodeFromUtf16(text[(i - 1)..], out Rune rune, out int width);
            i += width - 1;
            counted++;
            if (!Rune.IsLetterOrDigit(rune)) symbols++;
        }
        return counted == 0 ? 0 : (double)symbols / counted;
    }

    /// <summary>Counts 16-char blocks from <paramref name="i"/> while they are all ASCII, with vector compares, and
    /// returns where the first other block starts (at once when there is no vector hardware).</summary>
    private int CountAsciiBlocks(ReadOnlySpan<char> text, int i, ref long counted, ref long symbols)
    {
        if (!Vector256.IsHardwareAccelerated) return i;
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var nonAscii = Vector256.Create((ushort)0xFF80);
        for (; i + Vector256<ushort>.Count <= chars.Length; i += Vector256<ushort>.Count)
        {
            var v = Vector256.Create(chars.Slice(i, Vector256<ushort>.Count));
            if ((v & nonAscii) != Vector256<ushort>.Zero) break;
            var digit = Vector256.LessThan(v - Vector256.Create((ushort)'0'), Vector256.Create((ushort)10));
            var letter = Vector256.LessThan((v | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)26));
            var space = Vector256.Equals(v, Vector256.Create((ushort)' ')) | Vector256.Equals(v, Vector256.Create((ushort)'\n'))
                | Vector256.Equals(v, Vector256.Create((ushort)'\t')) | Vector256.Equals(v, Vector256.Create((ushort)'\r'));
            int alnum = BitOperations.PopCount((digit | letter).ExtractMostSignificantBits());
            int blanks = countWhitespace ? 0 : BitOperations.PopCount(space.ExtractMostSignificantBits());
            counted += Vector256<ushort>.Count - blanks;
            symbols += Vector256<ushort>.Count - blanks - alnum;
        }
        return i;
    }
}
