using System.Text;
using DataPipe.Core.Filters.Text;
using DataPipe.Core.Filters.Text.Spacy;

namespace DataPipe.Core.Stages;

/// <summary>
/// The text of the document a step is looking at, with what several stages need computed at most once per text:
/// its UTF-8 length, its code points, its words under each split, its sentences. The task runner owns one view per
/// pass task and hands it to every step with the document; when a step changes the text, the runner points the view
/// at the new text and everything is computed again on demand. So stage order changes neither results nor cost,
/// and no stage keeps a hidden per-thread cache.
/// </summary>
/// <remarks>
/// Not thread-safe: one view serves one task's steps, one document at a time. Word spans index <see cref="Text"/>.
/// </remarks>
public sealed class TextView
{
    private readonly SpacyTokenizer _tokenizer = new();
    private readonly WordTokens _spacyWords = new();
    private readonly WordTokens _fastWords = new();
    private SentenceCounter? _sentences;
    private Dictionary<Type, object>? _scratch;
    private bool _hasSpacyWords, _hasFastWords;
    private long _utf8Length = -1;
    private int _codePoints = -1;

    public string Text { get; private set; } = "";

    /// <summary>A view of one text, for a stage used on its own (tests, one-off calls).</summary>
    public static TextView Of(string text)
    {
        var view = new TextView();
        view.Show(text);
        return view;
    }

    /// <summary>Points the view at <paramref name="text"/>; the same string again keeps what was computed.</summary>
    /// <param name="utf8Length">Its UTF-8 length when the caller has counted it already; -1 to count on demand.</param>
    public void Show(string text, long utf8Length = -1)
    {
        if (ReferenceEquals(text, Text))
        {
            if (utf8Length >= 0) _utf8Length = utf8Length;
            return;
        }
        Text = text;
        _utf8Length = utf8Length;
        _codePoints = -1;
        _hasSpacyWords = _hasFastWords = false;
    }

    public long Utf8Length => _utf8Length >= 0 ? _utf8Length : _utf8Length = Encoding.UTF8.GetByteCount(Text);

    /// <summary>Python's <c>len(text)</c>: code points, a surrogate pair counting once.</summary>
    public int CodePoints => _codePoints >= 0 ? _codePoints : _codePoints = PyText.Length(Text);

    /// <summary>True when some character is outside the Basic Multilingual Plane (UTF-16 length ≠ code points).</summary>
    public bool HasSurrogatePairs => CodePoints != Text.Length;

    /// <summary>The words of the text as <paramref name="split"/> cuts them (spans into <see cref="Text"/>).</summary>
    public WordTokens Words(WordSplit split)
    {
        if (split == WordSplit.Spacy)
        {
            if (!_hasSpacyWords) _spacyWords.Tokenize(Text, split, _tokenizer);
            _hasSpacyWords = true;
            return _spacyWords;
        }
        if (!_hasFastWords) _fastWords.Tokenize(Text, split, _tokenizer);
        _hasFastWords = true;
        return _fastWords;
    }

    /// <summary>Counts sentences in a part of the text (C4 counts them per line) with buffers of its own, so the
    /// document's words stay computed.</summary>
    public SentenceCounter Sentences => _sentences ??= new SentenceCounter(_tokenizer);

    /// <summary>
    /// A reusable work object of type <typeparamref name="T"/> for the stage asking (n-gram tables, duplicate sets,
    /// buffers): one per view, so per task, and never shared between threads. Its contents are the caller's to reset.
    /// </summary>
    public T Scratch<T>() where T : class, new()
    {
        _scratch ??= [];
        if (_scratch.TryGetValue(typeof(T), out var found)) return (T)found;
        var created = new T();
        _scratch[typeof(T)] = created;
        return created;
    }
}
