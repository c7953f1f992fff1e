using System.Diagnostics;
using System.Text;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Execution.Tasks;

/// <summary>
/// The open steps of one pass task, fed one document at a time: counts what each step takes in, keeps, drops and
/// emits, quarantines a document that breaks a step, and carries documents a step emits (several per input, or later
/// for a deferred step) on through the steps after it.
/// </summary>
internal sealed class StepChain(
    IReadOnlyList<IDocumentStep> open, IReadOnlyList<PassStep> steps, StepStats[] stats,
    Action<Document, string, Exception> quarantine, RejectedSampler? sampler, Log2Histogram sizesKept,
    Action<Document>? kept = null)
{
    private readonly TextView _view = new();

    /// <summary>Feeds a document read from the input (<paramref name="bytes"/> of UTF-8 text) to the first step.</summary>
    public void Push(Document document, long bytes) => Push(document, bytes, 0);

    /// <summary>The input is exhausted: each deferred step, in order, hands back what it still holds to the steps after it.</summary>
    public void Drain()
    {
        for (int i = 0; i < open.Count; i++)
        {
            if (open[i] is not IDeferredStep deferred) continue;
            long t0 = Stopwatch.GetTimestamp();
            var ready = deferred.Drain();
            stats[i].Seconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            Settle(i, ready);
        }
    }

    private void Push(Document document, long bytes, int from)
    {
        _view.Show(document.Text, bytes);
        for (int i = from; i < open.Count; i++)
        {
            var s = stats[i];
            s.DocsIn++;
            s.BytesIn += bytes;
            long t0 = Stopwatch.GetTimestamp();
            StepResult result;
            IReadOnlyList<DeferredResult>? ready = null;
            try
            {
                if (open[i] is IDeferredStep deferred) ready = deferred.Submit(document);
                result = ready is null ? open[i].Process(document, _view) : default;
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not IOException && e is not StageFailedException)
            {
                // One document that breaks a stage must not stop the build: quarantine it and go on.
                quarantine(document, steps[i].Stage, e);
                result = StepResult.Drop("error");
            }
            s.Seconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            if (ready is not null)
            {
                Settle(i, ready);
                return;
            }
            // The one-kept-document case is every filter's, per document and step: read it without building a list.
            if (result.IsSeveral || result.Document is not { } kept)
            {
                Settle(i, document, bytes, result);
                return;
            }
            if (!ReferenceEquals(kept.Text, document.Text))
            {
                _view.Show(kept.Text);
                bytes = _view.Utf8Length;
            }
            document = kept;
            s.DocsOut++;
            s.BytesOut += bytes;
        }
        sizesKept.Add(bytes);
        kept?.Invoke(document);
    }

    private void Settle(int step, IReadOnlyList<DeferredResult> ready)
    {
        foreach (var (input, result) in ready) Settle(step, input, Encoding.UTF8.GetByteCount(input.Text), result);
    }

    /// <summary>Counts a drop, or passes every emitted document on to the next step.</summary>
    private void Settle(int step, Document input, long inputBytes, StepResult result)
    {
        var s = stats[step];
        var outputs = result.Documents;
        if (outputs.Count == 0)
        {
            string reason = result.DropReason ?? "dropped";
            if (!s.Drops.TryGetValue(reason, out var drop)) s.Drops[reason] = drop = new DropCount();
            drop.Docs++;
            drop.Bytes += inputBytes;
            sampler?.Offer($"{steps[step].Stage}.{reason}", input);
            return;
        }
        foreach (var output in outputs)
        {
            long bytes = ReferenceEquals(output.Text, input.Text) ? inputBytes : Encoding.UTF8.GetByteCount(output.Text);
            s.DocsOut++;
            s.BytesOut += bytes;
            Push(output, bytes, step + 1);
        }
    }
}
