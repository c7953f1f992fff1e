using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Bpe;

public sealed record BpeTrainerOptions
{
    /// <summary>Final vocabulary size: 256 byte tokens + merges + special tokens.</summary>
    public int VocabSize { get; init; } = 32_000;

    /// <summary>Merging stops when the most frequent pair occurs fewer times than this.</summary>
    public long MinFrequency { get; init; } = 2;

    /// <summary><c>gpt2</c> or <c>cl100k</c> (see <see cref="PreTokenizerPatterns"/>).</summary>
    public string Pattern { get; init; } = "gpt2";

    /// <summary>Every digit becomes its own pre-token, so numbers are never merged (Llama-style).</summary>
    public bool SplitDigits { get; init; }

    /// <summary>Stop reading input after this many UTF-8 bytes of text (0 = read everything).</summary>
    public long ByteBudget { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    public IReadOnlyList<string> SpecialTokens { get; init; } = [Tokenization.SpecialTokens.EndOfText];

    /// <summary>How words are cut: <see cref="Pattern"/>, with single digits when <see cref="SplitDigits"/>.</summary>
    public PreTokenizer PreTokenizer => PreTokenizer.Named(Pattern, SplitDigits);

    public void Validate()
    {
        if (SpecialTokens.Count == 0 || SpecialTokens[0] != Tokenization.SpecialTokens.EndOfText)
            throw new ArgumentException($"the first special token must be {Tokenization.SpecialTokens.EndOfText} (it is the EOS of every document)");
        if (VocabSize < 256 + SpecialTokens.Count)
            throw new ArgumentException($"vocab size {VocabSize} is below the 256 byte tokens plus {SpecialTokens.Count} special tokens");
        if (MinFrequency < 1) throw new ArgumentException("min frequency must be at least 1");
        if (Threads < 1) throw new ArgumentException("threads must be at least 1");
        _ = PreTokenizer;
    }
}
