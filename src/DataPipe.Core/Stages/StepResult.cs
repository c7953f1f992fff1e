using DataPipe.Core.Documents;

namespace DataPipe.Core.Stages;

/// <summary>What a step did with one document: kept it (possibly changed) or dropped it for a reason.</summary>
public readonly struct StepResult
{
    private StepResult(Document? document, string? dropReason)
    {
        Document = document;
        DropReason = dropReason;
    }

    public Document? Document { get; }

    /// <summary>Short reason (e.g. <c>min_words</c>); the runner qualifies it with the stage name.</summary>
    public string? DropReason { get; }

    public bool Kept => Document is not null;

    public static StepResult Keep(Document document) => new(document, null);

    public static StepResult Drop(string reason) => new(null, reason);
}
