using System.Text;
using DataPipe.Core.Filters.Text.Spacy;

namespace DataPipe.Core.Filters.Text;

/// <summary>C4's sentence count of a line: spaCy's sentencizer over spaCy's tokens (<see cref="SpacySentences"/>),
/// or, with <see cref="WordSplit.Fast"/>, an approximation over <see cref="WordTokens"/>'s fast split: a new sentence
/// starts at the first non-punctuation word after a word that is a single sentence terminator. Holds its own token
/// buffers, reused from line to line.</summary>
public sealed class SentenceCounter(SpacyTokenizer tokenizer)
{
    private readonly SpacyTokens _spacyTokens = new();
    private readonly WordTokens _words = new();

    public int Count(ReadOnlySpan<char> text, WordSplit split) =>
        split == WordSplit.Spacy ? SpacySentences.Count(text, tokenizer, _spacyTokens) : CountFast(text);

    private int CountFast(ReadOnlySpan<char> text)
    {
        var words = _words.Tokenize(text);
        if (words.Count == 0) return 0;
        int sentences = 1;
        bool seenTerminal = false;
        for (int i = 0; i < words.Count; i++)
        {
            var w = words.Word(text, i);
            bool terminal = IsSingleTerminal(w);
            if (seenTerminal && !terminal && !IsAllPunctuation(w))
            {
                sentences++;
                seenTerminal = false;
            }
            else if (terminal)
            {
                seenTerminal = true;
            }
        }
        return sentences;
    }

    private static bool IsSingleTerminal(ReadOnlySpan<char> w) =>
        Rune.DecodeFromUtf16(w, out Rune r, out int used) == System.Buffers.OperationStatus.Done
        && used == w.Length && Punctuation.IsTerminal(r.Value);

    private static bool IsAllPunctuation(ReadOnlySpan<char> w)
    {
        foreach (var r in w.EnumerateRunes())
            if (!Punctuation.IsPunctuation(r.Value)) return false;
        return true;
    }
}
