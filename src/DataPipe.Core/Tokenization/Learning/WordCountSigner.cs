using System.Text;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;
using DataPipe.Core.Tokenization.Bpe;

namespace DataPipe.Core.Tokenization.Learning;

/// <summary>Sign half of <c>train_tokenizer</c> without a byte budget: counts one shard's pre-tokens, written at the end.</summary>
internal sealed class WordCountSigner(WordTally tally, string path, Counters counters) : IDocumentStep
{
    private long _documents;
    private long _bytes;

    public StepResult Process(Document document, TextView text)
    {
        tally.Add(document.Text);
        _documents++;
        _bytes += text.Utf8Length;
        return StepResult.Keep(document);
    }

    public void Complete()
    {
        WordCountFile.Write(path, tally.Words, _documents, _bytes);
        counters.Add("documents_counted", _documents);
    }

    // Nothing is on disk before Complete, so there is nothing to discard.
    public void Dispose() { }
}
