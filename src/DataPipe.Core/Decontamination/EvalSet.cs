using System.Globalization;
using System.Text.Json;

namespace DataPipe.Core.Decontamination;

/// <summary>Where one evaluation set lives and which fields of its records make an item.</summary>
public sealed record EvalSetSpec(string Name, string Path, IReadOnlyList<string> QuestionFields, string ChoicesField, string AnswerField);

/// <summary>One evaluation item: the text matched against the corpus and where its answer starts in it.</summary>
/// <param name="AnswerStart">Character offset in <paramref name="Text"/> where the answer begins; null when the item has
/// no separate answer (a plain-text line, a record without an answer field): then the whole item counts as answer.</param>
public sealed record EvalItem(int Set, int Index, string Text, int? AnswerStart);

/// <summary>Reads an evaluation file: JSONL in lm-evaluation-harness style (question/prompt, choices, answer) or plain
/// text with one item per line.</summary>
public static class EvalSetReader
{
    public static List<EvalItem> Read(EvalSetSpec spec, int setIndex)
    {
        var items = new List<EvalItem>();
        bool jsonl = spec.Path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || spec.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        int lineNumber = 0;
        foreach (var line in File.ReadLines(spec.Path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!jsonl)
            {
                items.Add(new EvalItem(setIndex, items.Count, line.Trim(), null));
                continue;
            }
            try
            {
                using var json = JsonDocument.Parse(line);
                items.Add(FromRecord(json.RootElement, spec, setIndex, items.Count));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{spec.Path}:{lineNumber}: not a JSON record ({e.Message})");
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{spec.Path}:{lineNumber}: {e.Message}");
            }
        }
        return items;
    }

    private static EvalItem FromRecord(JsonElement record, EvalSetSpec spec, int set, int index)
    {
        if (record.ValueKind != JsonValueKind.Object) throw new FormatException("expected a JSON object per line");
        string? question = null;
        foreach (var field in spec.QuestionFields)
            if (record.TryGetProperty(field, out var q) && q.ValueKind == JsonValueKind.String) { question = q.GetString(); break; }
        if (question is null)
            throw new FormatException($"no question field (looked for {string.Join(", ", spec.QuestionFields)}; set question_field)");

        string? answer = Answer(record, spec);
        if (string.IsNullOrWhiteSpace(answer)) return new EvalItem(set, index, question, null);
        return new EvalItem(set, index, question + " " + answer, question.Length + 1);
    }

    /// <summary>The answer's text: a string answer, or an index / letter into the choices.</summary>
    private static string? Answer(JsonElement record, EvalSetSpec spec)
    {
        if (!record.TryGetProperty(spec.AnswerField, out var answer)) return null;
        var choices = Choices(record, spec.ChoicesField);
        switch (answer.ValueKind)
        {
            case JsonValueKind.Number when answer.TryGetInt32(out int i):
                return choices is not null && i >= 0 && i < choices.Count ? choices[i]
                    : choices is null ? i.ToString(CultureInfo.InvariantCulture)
                    : throw new FormatException($"answer index {i} is outside the {choices.Count} choices");
            case JsonValueKind.String:
                string text = answer.GetString()!;
                if (choices is null) return text;
                if (text.Length == 1 && char.IsAsciiLetterUpper(text[0]) && text[0] - 'A' < choices.Count) return choices[text[0] - 'A'];
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < choices.Count) return choices[k];
                return text;
            default:
                return null;
        }
    }

    /// <summary>Choices as a list of strings, or as an object with a <c>text</c> list (Hugging Face ARC style).</summary>
    private static List<string>? Choices(JsonElement record, string field)
    {
        if (!record.TryGetProperty(field, out var choices)) return null;
        if (choices.ValueKind == JsonValueKind.Object && choices.TryGetProperty("text", out var text)) choices = text;
        if (choices.ValueKind != JsonValueKind.Array) return null;
        return choices.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.ToString()).ToList();
    }
}
