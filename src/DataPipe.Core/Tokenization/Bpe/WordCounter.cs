using System.Collections.Concurrent;
using System.Text;
using DataPipe.Core.Tokenization.PreTokenizers;

namespace DataPipe.Core.Tokenization.Bpe;

/// <summary>
/// Pre-tokenizes text and counts distinct pre-tokens, in parallel over batches of documents. Counts are sums, so the
/// result is the same whatever the thread count; the byte budget is applied in input order before the fan-out.
/// </summary>
public static class WordCounter
{
    private const int BatchChars = 1 << 20;

    public sealed record Result(Dictionary<string, long> Words, long Documents, long Bytes);

    public static Result Count(IEnumerable<string> texts, PreTokenizer preTokenizer, int threads, long byteBudget)
    {
        var locals = new ConcurrentBag<Dictionary<string, long>>();
        long documents = 0, bytes = 0;
        IEnumerable<List<string>> Batches()
        {
            var batch = new List<string>();
            int chars = 0;
            foreach (string text in texts)
            {
                if (byteBudget > 0 && bytes >= byteBudget) break;
                documents++;
                bytes += Encoding.UTF8.GetByteCount(text);
                batch.Add(text);
                chars += text.Length;
                if (chars < BatchChars) continue;
                yield return batch;
                batch = [];
                chars = 0;
            }
            if (batch.Count > 0) yield return batch;
        }

        Parallel.ForEach(Batches(), new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new WordTally(preTokenizer),
            (batch, _, local) =>
            {
                foreach (string text in batch) local.Add(text);
                return local;
            },
            local => locals.Add(local.Words));

        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var local in locals)
        {
            foreach (var (word, n) in local) total[word] = total.GetValueOrDefault(word) + n;
        }
        return new Result(total, documents, bytes);
    }
}
