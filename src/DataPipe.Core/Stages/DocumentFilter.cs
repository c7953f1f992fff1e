using DataPipe.Core.Documents;
using DataPipe.Core.Filters.Multilingual;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Stages;

/// <summary>
/// Base of every keep-or-drop rule. The runner owns the loop, timing, in/out counts and the rejected-sample
/// writer, so a filter only answers one question: keep this document, or drop it for which reason.
/// Implementations must be thread-safe (pure functions of the document and their options).
/// </summary>
/// <remarks>
/// A new heuristic filter is one small class: an options record bound by <c>OptionBinder</c>, a constructor that
/// passes the stage's name and its drop reasons here, and <see cref="Check"/>; plus one line in its catalog.
/// </remarks>
public abstract class DocumentFilter : IDocumentStage, IDeclaresDropReasons
{
    private readonly string? _name;
    private readonly IReadOnlyList<string> _dropReasons;

    /// <param name="name">The stage's name in the pipeline (<c>StageBuildContext.StageName</c>).</param>
    /// <param name="dropReasons">Every reason <see cref="Check"/> may return, in the order its rules are checked.</param>
    protected DocumentFilter(string name, params IReadOnlyList<string> dropReasons)
    {
        _name = name;
        _dropReasons = dropReasons;
    }

    /// <summary>For filters that override <see cref="Name"/> themselves.</summary>
    protected DocumentFilter() => _dropReasons = [];

    public virtual string Name => _name ?? throw new InvalidOperationException($"{GetType().Name} must pass its name to DocumentFilter or override Name");

    /// <summary>Every reason <see cref="Check"/> may return, in the order its rules are checked (the report's funnel order).</summary>
    public IReadOnlyList<string> DropReasons => _dropReasons;

    /// <summary>The languages the rules were made for; other languages pass untouched (<see cref="LanguageScope"/>).</summary>
    public virtual LanguageScope Languages => LanguageScope.All;

    /// <summary>Null to keep the document; otherwise the short drop reason (e.g. <c>min_words</c>).</summary>
    /// <param name="text">The document's text; ask it for words, code points or UTF-8 length rather than computing them.</param>
    protected abstract string? Check(Document document, TextView text, Counters counters);

    public IDocumentStep Open(StepContext context) => new Step(this, context.Counters);

    private sealed class Step(DocumentFilter filter, Counters counters) : IDocumentStep
    {
        public StepResult Process(Document document, TextView text)
        {
            if (!filter.Languages.Covers(document))
            {
                counters.Add(LanguageScope.SkippedCounter);
                return StepResult.Keep(document);
            }
            return filter.Check(document, text, counters) is { } reason ? StepResult.Drop(reason) : StepResult.Keep(document);
        }

        public void Complete() { }

        public void Dispose() { }
    }
}

/// <summary>Base of stages that rewrite documents (PII scrubbing, line removal) and may drop what is left empty.</summary>
public abstract class DocumentTransform : IDocumentStage
{
    public abstract string Name { get; }

    /// <summary>The languages the rules were made for; other languages pass untouched (<see cref="LanguageScope"/>).</summary>
    public virtual LanguageScope Languages => LanguageScope.All;

    protected abstract StepResult Transform(Document document, TextView text, Counters counters);

    public IDocumentStep Open(StepContext context) => new Step(this, context.Counters);

    private sealed class Step(DocumentTransform transform, Counters counters) : IDocumentStep
    {
        public StepResult Process(Document document, TextView text)
        {
            if (!transform.Languages.Covers(document))
            {
                counters.Add(LanguageScope.SkippedCounter);
                return StepResult.Keep(document);
            }
            return transform.Transform(document, text, counters);
        }

        public void Complete() { }

        public void Dispose() { }
    }
}
