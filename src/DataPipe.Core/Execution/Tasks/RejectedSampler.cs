using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using DataPipe.Core.Documents;

namespace DataPipe.Core.Execution.Tasks;

/// <summary>
/// Keeps, per drop reason, the K dropped documents with the smallest seeded hash of their id ("bottom-k").
/// The union of every task's bottom-k contains the global bottom-k, so merging the tasks' samples gives the
/// same sample whatever the number of workers or the order tasks ran in.
/// </summary>
public sealed class RejectedSampler(int perReason, long seed)
{
    public const int MaxTextChars = 20_000;

    private readonly Dictionary<string, SortedList<ulong, string>> _byReason = new(StringComparer.Ordinal);

    public void Offer(string reason, Document document)
    {
        if (perReason <= 0) return;
        ulong key = Key(document.Id, seed);
        if (!_byReason.TryGetValue(reason, out var kept)) _byReason[reason] = kept = new SortedList<ulong, string>();
        if (kept.Count == perReason && key >= kept.Keys[^1]) return;
        if (kept.ContainsKey(key)) return;
        kept.Add(key, Serialize(reason, document));
        if (kept.Count > perReason) kept.RemoveAt(kept.Count - 1);
    }

    /// <summary>Lines as <c>hash\treason\tjson</c>, for <see cref="Merge"/>.</summary>
    public IEnumerable<string> Lines() =>
        _byReason.OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.Select(e => $"{e.Key:x16}\t{p.Key}\t{e.Value}"));

    /// <summary>Merges task sample files into <c>rejected/&lt;reason&gt;.jsonl</c>, keeping the K smallest hashes per reason.</summary>
    public static void Merge(IEnumerable<string> taskFiles, string rejectedDirectory, int perReason)
    {
        var byReason = new SortedDictionary<string, SortedList<string, string>>(StringComparer.Ordinal);
        foreach (var file in taskFiles)
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split('\t', 3);
                if (parts.Length != 3) continue;
                if (!byReason.TryGetValue(parts[1], out var list)) byReason[parts[1]] = list = new SortedList<string, string>(StringComparer.Ordinal);
                list.TryAdd(parts[0], parts[2]);
                if (list.Count > perReason) list.RemoveAt(list.Count - 1);
            }
        }
        foreach (var (reason, list) in byReason)
            IO.AtomicFile.WriteAllText(Path.Combine(rejectedDirectory, SafeFileName(reason) + ".jsonl"), string.Concat(list.Values.Select(v => v + "\n")));
    }

    public static string SafeFileName(string reason) =>
        string.Concat(reason.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));

    private static ulong Key(string id, long seed)
    {
        Span<byte> buffer = stackalloc byte[8];
        BitConverter.TryWriteBytes(buffer, seed);
        var hash = new XxHash64(seed);
        hash.Append(Encoding.UTF8.GetBytes(id));
        return hash.GetCurrentHashAsUInt64();
    }

    private static string Serialize(string reason, Document d)
    {
        bool cut = d.Text.Length > MaxTextChars;
        return JsonSerializer.Serialize(new
        {
            id = d.Id,
            url = d.Url,
            reason,
            shard = d.Position.Shard,
            ordinal = d.Position.Ordinal,
            chars = d.Text.Length,
            truncated = cut,
            text = cut ? d.Text[..MaxTextChars] : d.Text,
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
