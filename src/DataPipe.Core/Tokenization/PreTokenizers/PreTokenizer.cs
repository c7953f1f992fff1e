using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace DataPipe.Core.Tokenization.PreTokenizers;

/// <summary>How a pre-tokenizer cuts text: by a hand-written splitter (<see cref="PreTokenSplitter"/>, several times
/// faster than the regex it equals) or by its regex.</summary>
public enum PreTokenizerKind { Gpt2, Cl100k, Regex }

/// <summary>
/// Cuts text into the pieces BPE merges inside (HF tokenizers' pre-tokenizer): a split pattern and the way it is
/// applied. The trainer's word counts and the encoder both cut through this type, so they cannot disagree.
/// Immutable and thread-safe; <see cref="Split"/> allocates nothing.
/// </summary>
public sealed class PreTokenizer
{
    // A compiled regex costs milliseconds to build, and every tally, trainer and loaded file asks for one of a few patterns.
    private static readonly ConcurrentDictionary<string, PreTokenizer> Known = new(StringComparer.Ordinal);

    private readonly Regex? _regex;

    private PreTokenizer(PreTokenizerKind kind, string pattern)
    {
        Kind = kind;
        Pattern = pattern;
        if (kind == PreTokenizerKind.Regex) _regex = new Regex(pattern, RegexOptions.Compiled);
    }

    public static PreTokenizer Gpt2 { get; } = FromPattern(PreTokenizerPatterns.Gpt2);

    public static PreTokenizer Cl100k { get; } = FromPattern(PreTokenizerPatterns.Cl100k);

    public PreTokenizerKind Kind { get; }

    /// <summary>The .NET regex the pieces equal, whichever way they are cut; written into tokenizer files.</summary>
    public string Pattern { get; }

    /// <summary>The pre-tokenizer of <paramref name="pattern"/>: hand-written where one equals it, else the regex.</summary>
    public static PreTokenizer FromPattern(string pattern) => Known.GetOrAdd(pattern, static p => new PreTokenizer(p switch
    {
        PreTokenizerPatterns.Gpt2 => PreTokenizerKind.Gpt2,
        PreTokenizerPatterns.Cl100k => PreTokenizerKind.Cl100k,
        _ => PreTokenizerKind.Regex,
    }, p));

    /// <summary>A named pattern (<c>gpt2</c>, <c>cl100k</c>), optionally with every digit its own piece.</summary>
    public static PreTokenizer Named(string name, bool splitDigits) => FromPattern(PreTokenizerPatterns.For(name, splitDigits));

    /// <summary>The pieces of <paramref name="text"/> in order. With a regex, text no match covers is dropped, as
    /// Microsoft.ML.Tokenizers' regex pre-tokenizer drops it; none of the standard patterns leaves any.</summary>
    public Pieces Split(ReadOnlySpan<char> text) => new(Kind, text, _regex is null ? default : _regex.EnumerateMatches(text));

    public override string ToString() => Kind == PreTokenizerKind.Regex ? Pattern : Kind.ToString();
}

/// <summary>The pieces of one text (a <c>foreach</c>-able enumerator over spans of it).</summary>
public ref struct Pieces
{
    private readonly PreTokenizerKind _kind;
    private readonly ReadOnlySpan<char> _text;
    private Regex.ValueMatchEnumerator _matches;
    private int _start;
    private int _end;

    internal Pieces(PreTokenizerKind kind, ReadOnlySpan<char> text, Regex.ValueMatchEnumerator matches)
    {
        _kind = kind;
        _text = text;
        _matches = matches;
    }

    public readonly ReadOnlySpan<char> Current => _text[_start.._end];

    public readonly Pieces GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_kind != PreTokenizerKind.Regex)
        {
            if (_end >= _text.Length) return false;
            _start = _end;
            _end = PreTokenSplitter.NextEnd(_kind, _text, _start);
            return true;
        }
        while (_matches.MoveNext())
        {
            var match = _matches.Current;
            if (match.Length == 0) continue; // an empty piece encodes to nothing
            _start = match.Index;
            _end = match.Index + match.Length;
            return true;
        }
        return false;
    }
}
