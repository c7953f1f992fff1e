using Microsoft.ML.Tokenizers;

namespace DataPipe.Core.Tokenization;

/// <summary>
/// A configured tokenizer as the pipeline sees it: a name, a content hash (recorded in every shard), the vocabulary
/// size and the EOS id appended after each document. Documents are encoded as ordinary text only: a literal
/// special-token string inside a document gives ordinary ids, never the special id.
/// </summary>
public sealed class TextTokenizer
{
    private readonly Tokenizer _ordinaryText;
    private readonly (TiktokenRanks Ranks, PreTokenizerKind Kind)? _fast;

    public TextTokenizer(string name, string sha256, int vocabSize, int eosId, Tokenizer ordinaryText,
        (TiktokenRanks Ranks, PreTokenizerKind Kind)? fast = null)
    {
        _fast = fast;
        Name = name;
        Sha256 = sha256;
        VocabSize = vocabSize;
        EosId = eosId;
        _ordinaryText = ordinaryText;
    }

    public string Name { get; }

    /// <summary>SHA-256 (lowercase hex) of the vocabulary data the ids come from.</summary>
    public string Sha256 { get; }

    /// <summary>One more than the largest id the tokenizer can produce, EOS included.</summary>
    public int VocabSize { get; }

    public int EosId { get; }

    /// <summary>The underlying Microsoft.ML.Tokenizers instance, configured with no special tokens.</summary>
    public Tokenizer Inner => _ordinaryText;

    /// <summary>True when <see cref="OpenEncoder"/> gives our own encoder rather than Microsoft.ML.Tokenizers.</summary>
    public bool HasOwnEncoder => _fast is not null;

    /// <summary>An encoder for one thread: our own (for gpt2 and cl100k_base) or Microsoft.ML.Tokenizers; same ids.</summary>
    public ITokenEncoder OpenEncoder() =>
        _fast is { } fast ? new TiktokenEncoder(fast.Ranks, fast.Kind) : new LibraryEncoder(_ordinaryText);

    public IReadOnlyList<int> Encode(string text) =>
        text.Length == 0 ? [] : _ordinaryText.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false);

    /// <summary>Decodes ids (EOS included) back to text; EOS is written as <c>&lt;|endoftext|&gt;</c>.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new System.Text.StringBuilder();
        var run = new List<int>();
        foreach (int id in ids)
        {
            if (id != EosId) { run.Add(id); continue; }
            text.Append(_ordinaryText.Decode(run)).Append(SpecialTokens.EndOfText);
            run.Clear();
        }
        if (run.Count > 0) text.Append(_ordinaryText.Decode(run));
        return text.ToString();
    }
}

/// <summary>Encodes ordinary text, appending ids to a reused list (no special tokens are ever recognized).</summary>
public interface ITokenEncoder
{
    void Encode(ReadOnlySpan<char> text, List<int> output);
}

internal sealed class LibraryEncoder(Tokenizer tokenizer) : ITokenEncoder
{
    public void Encode(ReadOnlySpan<char> text, List<int> output)
    {
        if (text.Length > 0) output.AddRange(tokenizer.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false));
    }
}

public static class SpecialTokens
{
    public const string EndOfText = "<|endoftext|>";
}
