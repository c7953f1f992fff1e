using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;

namespace DataPipe.Core.Formats.Html.MainContent;

/// <summary>
/// The article text a page states about itself in JSON-LD (<c>"articleBody"</c> of a schema.org
/// <c>Article</c>/<c>NewsArticle</c>/<c>BlogPosting</c>, as readability and trafilatura read it): blocks whose text is
/// in it are the article, blocks beside them that are not (captions, "read also", ads) are not.
/// </summary>
public static class ArticleBodyHint
{
    // Shorter statements are teasers or descriptions, not the body.
    private const int MinChars = 200;

    /// <summary>The longest <c>articleBody</c> of the page's JSON-LD, tags stripped and whitespace collapsed; null without one.</summary>
    public static string? Find(IDocument document)
    {
        string? best = null;
        foreach (var script in document.Scripts)
        {
            if (!string.Equals(script.Type, "application/ld+json", StringComparison.OrdinalIgnoreCase)) continue;
            string json = script.TextContent;
            if (!json.Contains("\"articleBody\"", StringComparison.Ordinal)) continue;
            try
            {
                using var parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                Longest(parsed.RootElement, ref best, 0);
            }
            catch (JsonException)
            {
                // Hand-written JSON-LD is often malformed (raw line breaks in strings); the DOM alone decides then.
            }
        }
        return best is null ? null : Normalize(best);
    }

    private static void Longest(JsonElement e, ref string? best, int depth)
    {
        if (depth > 16) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Longest(item, ref best, depth + 1);
            return;
        }
        if (e.ValueKind != JsonValueKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            if (p.NameEquals("articleBody") && p.Value.ValueKind == JsonValueKind.String)
            {
                string s = p.Value.GetString()!;
                if (s.Length >= MinChars && s.Length > (best?.Length ?? 0)) best = s;
            }
            else if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Longest(p.Value, ref best, depth + 1);
        }
    }

    /// <summary>Some sites put HTML into the field: tags go, entities decode, whitespace collapses as in the blocks.</summary>
    private static string? Normalize(string body)
    {
        if (body.Contains('<'))
        {
            var sb = new StringBuilder(body.Length);
            bool inTag = false;
            foreach (char c in body)
            {
                if (c == '<') { inTag = true; sb.Append(' '); continue; }
                if (c == '>' && inTag) { inTag = false; continue; }
                if (!inTag) sb.Append(c);
            }
            body = sb.ToString();
        }
        if (body.Contains('&')) body = WebUtility.HtmlDecode(body);
        var output = new StringBuilder(body.Length);
        bool space = false;
        foreach (char c in body)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0') { space = output.Length > 0; continue; }
            if (space) output.Append(' ');
            space = false;
            output.Append(c);
        }
        return output.Length >= MinChars ? output.ToString() : null;
    }

    /// <summary>
    /// Whether a block's text (whitespace collapsed) is part of the stated body: all of it, or for a long block its
    /// opening and its close (an inline ad or a changed quote mark in between does not break the match).
    /// </summary>
    public static bool Contains(string body, ReadOnlySpan<char> block, Span<char> scratch)
    {
        int n = 0;
        bool space = false;
        foreach (char c in block)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0') { space = n > 0; continue; }
            if (n == scratch.Length) break;
            if (space && n < scratch.Length - 1) scratch[n++] = ' ';
            space = false;
            scratch[n++] = c;
        }
        var text = scratch[..n];
        if (text.IsEmpty) return false;
        if (text.Length <= 80) return body.AsSpan().IndexOf(text, StringComparison.Ordinal) >= 0;
        return body.AsSpan().IndexOf(text[..40], StringComparison.Ordinal) >= 0
            && body.AsSpan().IndexOf(text[^40..], StringComparison.Ordinal) >= 0;
    }
}
