namespace DataPipe.Core.Documents;

/// <summary>
/// One document flowing through the pipeline. Immutable: a stage that changes a document returns a copy
/// (<c>doc with { Text = … }</c>), so a stage can never corrupt what another stage already looked at.
/// </summary>
public sealed record Document
{
    public static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    public required string Id { get; init; }
    public required string Text { get; init; }
    public string? Url { get; init; }
    public required SourcePosition Position { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = NoMetadata;

    public Document WithMetadata(string key, string value)
    {
        var copy = new Dictionary<string, string>(Metadata, StringComparer.Ordinal) { [key] = value };
        return this with { Metadata = copy };
    }
}
