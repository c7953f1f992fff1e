using System.Security.Cryptography;
using System.Text;
using DataPipe.Core.Documents;

namespace DataPipe.Core.Generation;

/// <summary>
/// A prompt with <c>{field}</c> placeholders: <c>text</c>, <c>id</c>, <c>url</c>, <c>title</c> (the metadata field),
/// or any metadata field. <c>{{</c> and <c>}}</c> are literal braces. A field the document lacks fills in empty,
/// and is counted, so a typo in a field name shows in the report rather than failing the build.
/// </summary>
public sealed class PromptTemplate
{
    private readonly List<(string Literal, string? Field)> _parts;

    private PromptTemplate(string name, string text, List<(string, string?)> parts)
    {
        Name = name;
        Text = text;
        _parts = parts;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public string Name { get; }
    public string Text { get; }
    public string Sha256 { get; }

    public IEnumerable<string> Fields => _parts.Where(p => p.Field is not null).Select(p => p.Field!);

    /// <summary>The built-in prompt of each mode, used when the pipeline gives none.</summary>
    public static PromptTemplate Default(string mode) => mode switch
    {
        GenerateOptions.Qa => Parse("default_qa",
            "Read the text below and write three question and answer pairs about it. Write each pair as a line starting "
            + "with \"Q: \" followed by a line starting with \"A: \".\n\n{text}"),
        GenerateOptions.Append => Parse("default_append", "Continue the text below with a clear, self-contained explanation of its topic.\n\n{text}"),
        _ => Parse("default_rephrase", "Rewrite the text below in clear, high-quality English in the style of Wikipedia. Keep every fact.\n\n{text}"),
    };

    public static PromptTemplate Parse(string name, string text)
    {
        var parts = new List<(string, string?)>();
        if (Scan(text, parts) is { } problem) throw new FormatException(problem);
        return new PromptTemplate(name, text, parts);
    }

    /// <summary>What is wrong with the template, or null.</summary>
    public static string? Problem(string text) => Scan(text, []);

    public string Fill(Document document, Action<string> missing)
    {
        var prompt = new StringBuilder(Text.Length + document.Text.Length);
        foreach (var (literal, field) in _parts)
        {
            prompt.Append(literal);
            if (field is null) continue;
            string? value = field switch
            {
                "text" => document.Text,
                "id" => document.Id,
                "url" => document.Url ?? (document.Metadata.TryGetValue("url", out var u) ? u : null),
                _ => document.Metadata.TryGetValue(field, out var v) ? v : null,
            };
            if (value is null) missing(field);
            prompt.Append(value);
        }
        return prompt.ToString();
    }

    private static string? Scan(string text, List<(string, string?)> parts)
    {
        var literal = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '}')
            {
                if (i + 1 < text.Length && text[i + 1] == '}') { literal.Append('}'); i++; continue; }
                return $"a '}}' at offset {i} closes nothing (write '}}}}' for a literal brace)";
            }
            if (c != '{') { literal.Append(c); continue; }
            if (i + 1 < text.Length && text[i + 1] == '{') { literal.Append('{'); i++; continue; }
            int end = text.IndexOf('}', i + 1);
            if (end < 0) return $"the '{{' at offset {i} is never closed (write '{{{{' for a literal brace)";
            string field = text[(i + 1)..end].Trim();
            if (field.Length == 0 || field.Contains('{')) return $"'{text[i..(end + 1)]}' at offset {i} is not a field name";
            parts.Add((literal.ToString(), field));
            literal.Clear();
            i = end;
        }
        parts.Add((literal.ToString(), null));
        return null;
    }
}
