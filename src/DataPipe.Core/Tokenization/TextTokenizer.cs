using System.Text;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization;

/// <summary>
/// A configured tokenizer as the pipeline sees it (HF tokenizers' <c>Tokenizer</c>: a pre-tokenizer and a BPE model):
/// a name, a content hash (recorded in every shard), the vocabulary size and the EOS id appended after each document.
/// Documents are encoded as ordinary text only: a literal special-token string inside a document gives ordinary ids,
/// never the special id.
/// </summary>
public sealed class TextTokenizer
{
    private readonly IReadOnlyDictionary<int, string> _specialTokens;

    /// <param name="specialTokens">Special id → its text, for decoding; EOS is always <see cref="SpecialTokens.EndOfText"/>.</param>
    public TextTokenizer(string name, string sha256, PreTokenizer preTokenizer, BpeRanks ranks, int vocabSize, int eosId,
        IReadOnlyDictionary<int, string>? specialTokens = null)
    {
        Name = name;
        Sha256 = sha256;
        PreTokenizer = preTokenizer;
        Ranks = ranks;
        VocabSize = vocabSize;
        EosId = eosId;
        _specialTokens = specialTokens ?? new Dictionary<int, string>();
    }

    public string Name { get; }

    /// <summary>SHA-256 (lowercase hex) of the vocabulary data the ids come from.</summary>
    public string Sha256 { get; }

    public PreTokenizer PreTokenizer { get; }

    public BpeRanks Ranks { get; }

    /// <summary>One more than the largest id the tokenizer can produce, EOS included.</summary>
    public int VocabSize { get; }

    public int EosId { get; }

    /// <summary>An encoder for one thread (each keeps its own cache).</summary>
    public ITokenEncoder OpenEncoder() => new BpeEncoder(PreTokenizer, Ranks);

    /// <summary>Encodes one text with a fresh encoder: for a prompt or a test, not for a corpus (use <see cref="OpenEncoder"/>).</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>();
        OpenEncoder().Encode(text, ids);
        return ids;
    }

    /// <summary>Decodes ids (EOS included) back to text; EOS is written as <c>&lt;|endoftext|&gt;</c>. Bytes that are
    /// not UTF-8 (a run cut inside a character) and ids outside the vocabulary become U+FFFD.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        var run = new List<byte>();
        foreach (int id in ids)
        {
            if (Ranks.TryGetBytes(id, out var bytes))
            {
                foreach (byte b in bytes) run.Add(b);
                continue;
            }
            Flush(text, run);
            text.Append(id == EosId ? SpecialTokens.EndOfText : _specialTokens.GetValueOrDefault(id, "\uFFFD"));
        }
        Flush(text, run);
        return text.ToString();
    }

    private static void Flush(StringBuilder text, List<byte> run)
    {
        text.Append(Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(run)));
        run.Clear();
    }
}

public static class SpecialTokens
{
    public const string EndOfText = "<|endoftext|>";
}
