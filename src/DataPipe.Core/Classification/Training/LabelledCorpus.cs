using System.Text;
using System.Text.Json;
using DataPipe.Core.Classification.FastText;

namespace DataPipe.Core.Classification.Training;

/// <summary>
/// Labelled documents from JSONL, held in memory as fastText would read them from its one-document-per-line
/// input: UTF-8 text with every newline turned into a space (a newline would end the document), and the labels as
/// <c>__label__x</c> tokens. Training passes over the data several times, so it is read once.
/// </summary>
public sealed class LabelledCorpus
{
    private readonly List<byte> _text = [];
    private readonly List<int> _textStart = [0];
    private readonly List<string[]> _labels = [];

    public int Count => _labels.Count;

    public ReadOnlySpan<byte> Text(int doc) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_text)[_textStart[doc].._textStart[doc + 1]];

    public IReadOnlyList<string> Labels(int doc) => _labels[doc];

    public void Add(string text, IReadOnlyList<string> labels)
    {
        _text.AddRange(Encoding.UTF8.GetBytes(text.Replace('\n', ' ')));
        _textStart.Add(_text.Count);
        _labels.Add(labels.Select(Label).ToArray());
    }

    /// <summary>fastText's label token for a label given with or without its prefix.</summary>
    public static string Label(string label) =>
        label.StartsWith(FastTextDictionary.LabelPrefix, StringComparison.Ordinal) ? label : FastTextDictionary.LabelPrefix + label;

    /// <exception cref="InvalidDataException">A line is not a JSON object with the two fields (message: file:line).</exception>
    public static LabelledCorpus ReadJsonl(string path, string textField, string labelField)
    {
        var corpus = new LabelledCorpus();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("not a JSON object");
                if (!root.TryGetProperty(textField, out var text) || text.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"no string field '{textField}'");
                if (!root.TryGetProperty(labelField, out var label)) throw new InvalidDataException($"no field '{labelField}'");
                var labels = label.ValueKind switch
                {
                    JsonValueKind.String => [label.GetString()!],
                    JsonValueKind.Array => label.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? l.GetString()! : l.GetRawText()).ToList(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [label.GetRawText()],
                    _ => throw new InvalidDataException($"field '{labelField}' is not a label"),
                };
                foreach (string l in labels)
                    if (l.Length == 0 || l.Any(c => c is ' ' or '\n' or '\r' or '\t' or '\v' or '\f' or '\0'))
                        throw new InvalidDataException($"label '{l}' is empty or holds whitespace (fastText labels are single tokens)");
                corpus.Add(text.GetString()!, labels);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not JSON ({e.Message})", e);
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }
        if (corpus.Count == 0) throw new InvalidDataException($"{path}: no labelled documents");
        return corpus;
    }
}
