using DataPipe.Core.Documents;

namespace DataPipe.Core.Filters.Multilingual;

/// <summary>
/// The languages a filter's rules were made for (its <c>languages:</c> option). A document whose <c>language</c>
/// (written by <c>language_id</c>) is outside them passes the filter untouched and is counted as
/// <see cref="SkippedCounter"/>; a document without a language (no <c>language_id</c> before the filter) meets the
/// rules, as it did before languages were known. <c>*</c> means every language.
/// </summary>
public sealed class LanguageScope
{
    public const string SkippedCounter = "skipped_language";
    public const string Every = "*";

    /// <summary>The metadata key <c>language_id</c> writes.</summary>
    public const string MetadataKey = "language";

    public static readonly LanguageScope All = new(null);

    private readonly HashSet<string>? _languages;

    private LanguageScope(HashSet<string>? languages) => _languages = languages;

    public static LanguageScope From(IReadOnlyList<string> languages) =>
        languages.Contains(Every) ? All : new LanguageScope(new HashSet<string>(languages, StringComparer.Ordinal));

    /// <summary>The listed languages, or null for every language.</summary>
    public IReadOnlyCollection<string>? Languages => _languages;

    public bool Covers(Document document) =>
        _languages is null || !document.Metadata.TryGetValue(MetadataKey, out var language) || _languages.Contains(language);

    /// <summary>Problems with a <c>languages:</c> list, for an options record's checks.</summary>
    public static IEnumerable<(string Key, string Problem)> Problems(IReadOnlyList<string> languages, string key = "languages")
    {
        if (languages.Count == 0) yield return (key, "must name at least one language (fastText codes such as en, de) or * for all");
        foreach (var language in languages)
            if (language != Every && (language.Length is 0 or > 12 || !language.All(c => char.IsAsciiLetterLower(c) || c is '-' or '_')))
                yield return (key, $"'{language}' is not a language code (lower-case, as language_id writes them: en, de, zh) or *");
    }
}
