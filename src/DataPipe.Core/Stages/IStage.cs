using DataPipe.Core.Documents;

namespace DataPipe.Core.Stages;

/// <summary>A configured stage of a pipeline. Built once from the pipeline file; shared by all tasks.</summary>
public interface IStage
{
    /// <summary>Unique inside a pipeline; names report rows, drop reasons and the stage's work folder.</summary>
    string Name { get; }
}

/// <summary>A stage that sees one document at a time and holds no state across documents.</summary>
public interface IDocumentStage : IStage
{
    /// <summary>Opens the stage for one task (one input shard). The step may own files it commits in <see cref="IDocumentStep.Complete"/>.</summary>
    IDocumentStep Open(StepContext context);
}

/// <summary>One stage inside one task.</summary>
public interface IDocumentStep : IDisposable
{
    /// <param name="text">The document's text with what other steps already computed of it (words, UTF-8 length, …).</param>
    StepResult Process(Document document, TextView text);

    /// <summary>The task's input is exhausted: flush and commit (atomically) whatever the step wrote.
    /// Not called when the task fails or is cancelled; <see cref="IDisposable.Dispose"/> must then discard temporaries.</summary>
    void Complete();
}

/// <summary>
/// A stage that needs the whole corpus (dedup). Sign runs inside a streaming pass and writes keys to spill files;
/// the resolve phases run between passes as independent tasks; apply drops, in every later pass, what resolve named.
/// </summary>
public interface IGlobalStage : IStage
{
    /// <summary>Runs in the pass that ends at this stage; passes every document through and records its keys.</summary>
    IDocumentStep OpenSigner(StepContext context);

    IReadOnlyList<IResolvePhase> ResolvePhases { get; }

    /// <summary>Runs in every pass after the resolve phases; drops what they named.</summary>
    IDocumentStep OpenApplier(StepContext context);
}

/// <summary>One set of independent tasks between two passes (e.g. one task per hash partition).</summary>
public interface IResolvePhase
{
    /// <summary>Short name, unique inside its stage (e.g. <c>buckets</c>, <c>clusters</c>).</summary>
    string Name { get; }

    int TaskCount(int shardCount);

    void Run(ResolveContext context);
}

/// <summary>Runs once after every phase, in the finalize task (e.g. the token manifest).</summary>
public interface IBuildFinalizer
{
    void Finalize(FinalizeContext context);
}

/// <summary>A stage whose drop reasons have a fixed order (the order its rules are checked), so the report's funnel
/// lists them as they were applied rather than by count.</summary>
public interface IDeclaresDropReasons
{
    IReadOnlyList<string> DropReasons { get; }
}

/// <summary>
/// A step whose work on a document is slow and independent of other documents (a call to a model server): it takes
/// documents as they come, works on several at once, and hands each one's result back later, always in input order,
/// so what comes out never depends on timing.
/// </summary>
public interface IDeferredStep : IDocumentStep
{
    /// <summary>Takes one document; returns the results that are ready, oldest first (possibly none).</summary>
    IReadOnlyList<DeferredResult> Submit(Document document);

    /// <summary>The input is exhausted: waits for every result still held and returns them in order.</summary>
    IReadOnlyList<DeferredResult> Drain();
}

/// <summary>The result of a deferred step for one earlier input document.</summary>
public readonly record struct DeferredResult(Document Input, StepResult Result);

/// <summary>A stage that cannot go on (its server stays down): the task fails with this message, one line,
/// instead of the runner quarantining the document and moving on.</summary>
public sealed class StageFailedException(string message) : Exception(message);
