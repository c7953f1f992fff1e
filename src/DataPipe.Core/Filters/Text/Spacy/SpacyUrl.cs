using System.Text.RegularExpressions;

namespace DataPipe.Core.Filters.Text.Spacy;

/// <summary>
/// spaCy's URL_MATCH (spacy/lang/tokenizer_exceptions.py, v3.6): a string left after prefixes and suffixes that
/// looks like a URL, host name or public IPv4 address is kept whole instead of being split at infixes. Written as a
/// .NET regex with Python's classes spelled out (<c>\w</c> = letters, numbers, "_"); the code-point ranges of
/// ALPHA beyond the BMP are left out of the classes (.NET classes hold UTF-16 units).
/// </summary>
public static class SpacyUrl
{
    private static readonly string Alpha = SpacyChars.Alpha.ToRegexClassBody();
    private static readonly string AlphaLower = SpacyChars.AlphaLower.ToRegexClassBody();
    private const string Word = @"\p{L}\p{N}_";
    private const string Host = @"A-Za-z0-9\u00a1-\uffff";

    private static readonly Regex Pattern = new(
        "^" +
        "(?=[" + Alpha + Word + "])" +
        "(?:(?:[" + Word + @"+\-.]{2,})://)?" +
        @"(?:\S+(?::\S*)?@)?" +
        "(?:" +
        @"(?!(?:10|127)(?:\.\d{1,3}){3})" +
        @"(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})" +
        @"(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})" +
        @"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])" +
        @"(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}" +
        @"(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))" +
        "|" +
        "(?:(?:[" + Host + "][" + Host + "_-]{0,62})?[" + Host + @"]\.)+" +
        "(?:[" + AlphaLower + "]{2,63})" +
        ")" +
        @"(?::\d{2,5})?" +
        @"(?:[/?#]\S*)?" +
        "(?<=[" + Alpha + Word + "/])" +
        "$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Whether spaCy's url_match accepts the whole of <paramref name="s"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<char> s) =>
        // Both the address and the host-name branch need a ".": most strings are ruled out without the regex.
        s.Contains('.') && Pattern.IsMatch(s);
}
