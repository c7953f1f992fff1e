using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Stages;

/// <summary>
/// Base of every keep-or-drop rule. The runner owns the loop, timing, in/out counts and the rejected-sample
/// writer, so a filter only answers one question: keep this document, or drop it for which reason.
/// Implementations must be thread-safe (pure functions of the document and their options).
/// </summary>
public abstract class DocumentFilter : IDocumentStage
{
    public abstract string Name { get; }

    /// <summary>Null to keep the document; otherwise the short drop reason (e.g. <c>min_words</c>).</summary>
    protected abstract string? Check(Document document, Counters counters);

    public IDocumentStep Open(StepContext context) => new Step(this, context.Counters);

    private sealed class Step(DocumentFilter filter, Counters counters) : IDocumentStep
    {
        public StepResult Process(Document document) =>
            filter.Check(document, counters) is { } reason ? StepResult.Drop(reason) : StepResult.Keep(document);

        public void Complete() { }

        public void Dispose() { }
    }
}

/// <summary>Base of stages that rewrite documents (PII scrubbing, line removal) and may drop what is left empty.</summary>
public abstract class DocumentTransform : IDocumentStage
{
    public abstract string Name { get; }

    protected abstract StepResult Transform(Document document, Counters counters);

    public IDocumentStep Open(StepContext context) => new Step(this, context.Counters);

    private sealed class Step(DocumentTransform transform, Counters counters) : IDocumentStep
    {
        public StepResult Process(Document document) => transform.Transform(document, counters);

        public void Complete() { }

        public void Dispose() { }
    }
}
