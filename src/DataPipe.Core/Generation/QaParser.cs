using System.Text;
using System.Text.RegularExpressions;

namespace DataPipe.Core.Generation;

/// <summary>
/// Question/answer pairs from a model's answer (mode <c>qa</c>). A pair is a line that starts with <c>Q:</c> or
/// <c>Question:</c> and, after it, one that starts with <c>A:</c> or <c>Answer:</c>; either may run on over the lines
/// that follow, up to the next marker. Markers ignore case and may carry a list number (<c>1.</c>) or bold
/// (<c>**Q:**</c>). Text before the first question, and a question without an answer, are left out.
/// </summary>
public static partial class QaParser
{
    public static IReadOnlyList<(string Question, string Answer)> Parse(string text)
    {
        var pairs = new List<(string, string)>();
        StringBuilder? question = null, answer = null;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var marker = Marker().Match(line);
            if (marker.Success && char.ToLowerInvariant(marker.Groups["kind"].Value[0]) == 'q')
            {
                Flush();
                question = new StringBuilder(marker.Groups["rest"].Value.Trim());
                answer = null;
            }
            else if (marker.Success && question is not null && answer is null)
                answer = new StringBuilder(marker.Groups["rest"].Value.Trim());
            else (answer ?? question)?.Append('\n').Append(line);
        }
        Flush();
        return pairs;

        void Flush()
        {
            if (question is null || answer is null) return;
            string q = question.ToString().Trim(), a = answer.ToString().Trim();
            if (q.Length > 0 && a.Length > 0) pairs.Add((q, a));
            question = answer = null;
        }
    }

    [GeneratedRegex(@"^\s*(?:\d+[.)]\s*)?\**\s*(?<kind>q(?:uestion)?|a(?:nswer)?)\s*\d*\s*\**\s*:\**\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();
}
