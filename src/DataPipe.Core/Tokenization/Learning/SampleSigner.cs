using System.Runtime.InteropServices;
using System.Text;
using DataPipe.Core.Documents;
using DataPipe.Core.IO;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Tokenization.Learning;

/// <summary>
/// Sign half of <c>train_tokenizer</c> with a byte budget. The global sample (see <see cref="LearningSample"/>) takes
/// from any one shard at most that shard's own shortest prefix reaching the budget, so that prefix is all a shard
/// must keep. Texts go to a scratch file as they stream past (memory holds 40 bytes per document, not the text);
/// at the end the prefix is copied into the shard's sample file and the scratch file is deleted.
/// </summary>
internal sealed class SampleSigner : IDocumentStep
{
    private readonly string _path;
    private readonly long _seed;
    private readonly long _budget;
    private readonly Counters _counters;
    private readonly AtomicFile _scratch;
    private readonly List<Candidate> _candidates = [];
    private long _scratchBytes;

    public SampleSigner(string path, long seed, long budget, Counters counters)
    {
        _path = path;
        _seed = seed;
        _budget = budget;
        _counters = counters;
        // Never committed: disposing deletes it, and a killed run's leftover is removed when the build resumes.
        _scratch = AtomicFile.Create(path + ".scratch");
    }

    private readonly record struct Candidate(SampleEntry Entry, long Offset, int Chars);

    public StepResult Process(Document document, TextView view)
    {
        string text = document.Text;
        var entry = new SampleEntry(LearningSample.Key(document.Id, _seed), document.Position.Pack(), checked((int)view.Utf8Length));
        _candidates.Add(new Candidate(entry, _scratchBytes, text.Length));
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        _scratch.Stream.Write(bytes);
        _scratchBytes += bytes.Length;
        return StepResult.Keep(document);
    }

    public void Complete()
    {
        _scratch.Stream.Flush();
        var sorted = _candidates.ToArray();
        Array.Sort(sorted, static (a, b) => a.Entry.CompareTo(b.Entry));
        var entries = Array.ConvertAll(sorted, c => c.Entry);
        int take = SampleEntry.PrefixLength(entries, _budget);
        char[] buffer = [];
        SampleFile.Write(_path, entries.AsSpan(0, take), i =>
        {
            var candidate = sorted[i];
            if (buffer.Length < candidate.Chars) buffer = new char[Math.Max(candidate.Chars, buffer.Length * 2)];
            var chars = buffer.AsMemory(0, candidate.Chars);
            ReadExactly(MemoryMarshal.AsBytes(chars.Span), candidate.Offset);
            return chars;
        });
        _counters.Add("documents_counted", sorted.Length);
        _counters.Add("sample_candidates", take);
        _scratch.Dispose();
    }

    private void ReadExactly(Span<byte> destination, long offset)
    {
        while (destination.Length > 0)
        {
            int n = RandomAccess.Read(_scratch.Stream.SafeFileHandle, destination, offset);
            if (n == 0) throw new EndOfStreamException($"{_scratch.TempPath} ended early");
            destination = destination[n..];
            offset += n;
        }
    }

    public void Dispose() => _scratch.Dispose();
}
