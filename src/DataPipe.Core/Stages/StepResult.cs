using DataPipe.Core.Documents;

namespace DataPipe.Core.Stages;

/// <summary>What a step did with one document: kept it (possibly changed), dropped it for a reason, or turned it into
/// several documents (a generated document beside its source, question/answer pairs).</summary>
public readonly struct StepResult
{
    private readonly IReadOnlyList<Document>? _several;

    private StepResult(Document? document, string? dropReason, IReadOnlyList<Document>? several = null)
    {
        Document = document;
        DropReason = dropReason;
        _several = several;
    }

    /// <summary>The kept document; with several, the first of them.</summary>
    public Document? Document { get; }

    /// <summary>Short reason (e.g. <c>min_words</c>); the runner qualifies it with the stage name.</summary>
    public string? DropReason { get; }

    public bool Kept => Document is not null;

    /// <summary>True when the step passed on more than one document (then read <see cref="Documents"/>).</summary>
    public bool IsSeveral => _several is not null;

    /// <summary>Every document the step passes on, in order: none (dropped), one, or several.</summary>
    public IReadOnlyList<Document> Documents => _several ?? (Document is { } one ? [one] : []);

    public static StepResult Keep(Document document) => new(document, null);

    public static StepResult Drop(string reason) => new(null, reason);

    /// <summary>Passes on every document of <paramref name="documents"/>, in order; none is a drop for <paramref name="reasonIfNone"/>.</summary>
    public static StepResult Emit(IReadOnlyList<Document> documents, string reasonIfNone) => documents.Count switch
    {
        0 => Drop(reasonIfNone),
        1 => Keep(documents[0]),
        _ => new(documents[0], null, documents.ToArray()),
    };
}
