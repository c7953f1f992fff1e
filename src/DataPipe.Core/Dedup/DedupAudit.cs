using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Documents;
using DataPipe.Core.IO;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup;

/// <summary>Names the document of an earlier build that a document dropped as seen there matched (fuzzy dedup;
/// exact dedup's earlier keepers are anonymous hashes).</summary>
internal interface IEarlierKeepers : IDisposable
{
    (long Build, string Id, double Similarity)? Of(ulong position);
}

/// <summary>
/// Writes <c>dedup/&lt;stage&gt;.audit.jsonl</c> — every dropped document's id with the keeper it duplicates and
/// their similarity, in source order — and builds the stage's report section (group-size histogram and the
/// largest groups with one example pair each).
/// </summary>
internal static class DedupAudit
{
    private const int LargestGroups = 20;

    public static JsonObject Write(FinalizeContext context, string stage, DedupPaths paths,
        Func<int, IEnumerable<string>> dropFilesOf, IEnumerable<string> groupFiles, IEarlierKeepers? earlierKeepers = null,
        bool similarityMeasured = true)
    {
        using var ids = new IdLookup(paths);
        string auditPath = Path.Combine(context.Layout.Root, "dedup", $"{stage}.audit.jsonl");
        long dropped = 0, earlier = 0;
        using (var file = AtomicFile.Create(auditPath))
        {
            using (var writer = new Utf8JsonWriter(file.Stream, new JsonWriterOptions { SkipValidation = true }))
            {
                foreach (var shard in context.Shards)
                {
                    var drops = RecordFile.ReadAll<DropRecord>(dropFilesOf(shard.Index));
                    Array.Sort(drops);
                    foreach (var d in drops)
                    {
                        dropped++;
                        writer.WriteStartObject();
                        writer.WriteString("id", ids.Of(d.Position));
                        writer.WriteString("position", SourcePosition.Unpack(d.Position).ToString());
                        if (d.Keeper == DropRecord.NoKeeper)
                        {
                            earlier++;
                            writer.WriteNull("keeper");
                            writer.WriteString("reason", "kept by an earlier build");
                            if (earlierKeepers?.Of(d.Position) is { } e)
                            {
                                writer.WriteString("earlier_keeper", e.Id);
                                writer.WriteNumber("earlier_build", e.Build);
                            }
                        }
                        else
                        {
                            writer.WriteString("keeper", ids.Of(d.Keeper));
                            writer.WriteString("keeper_position", SourcePosition.Unpack(d.Keeper).ToString());
                            if (d.Matched != d.Keeper) writer.WriteString("matched", ids.Of(d.Matched));
                        }
                        if (similarityMeasured) writer.WriteNumber("similarity", Similarity(d.Similarity, "drop", ids.Of(d.Position)));
                        else writer.WriteNull("similarity");
                        writer.WriteEndObject();
                        writer.Flush();
                        file.Stream.WriteByte((byte)'\n');
                        writer.Reset();
                    }
                }
            }
            file.Commit();
        }

        var histogram = new SortedDictionary<long, long>();
        var largest = new List<GroupRecord>();
        long groups = 0;
        foreach (var path in groupFiles)
            foreach (var g in RecordFile.Read<GroupRecord>(path))
            {
                groups++;
                long bucket = 1L << (int)Math.Ceiling(Math.Log2(g.Size));
                histogram[bucket] = histogram.GetValueOrDefault(bucket) + 1;
                largest.Add(g);
                if (largest.Count > 4 * LargestGroups) Trim(largest);
            }
        Trim(largest);

        var histogramJson = new JsonObject();
        foreach (var (upper, count) in histogram) histogramJson[upper <= 2 ? "2" : $"{upper / 2 + 1}-{upper}"] = count;
        var largestJson = new JsonArray();
        using var previews = new PreviewLookup(paths);
        foreach (var g in largest)
        {
            var keeper = previews.Of(g.Keeper);
            var example = previews.Of(g.Example);
            largestJson.Add(new JsonObject
            {
                ["size"] = g.Size,
                ["keeper"] = ids.Of(g.Keeper),
                ["example"] = ids.Of(g.Example),
                ["similarity"] = similarityMeasured ? Similarity(g.Similarity, "group of keeper", ids.Of(g.Keeper)) : null,
                ["keeper_url"] = keeper?.Url,
                ["example_url"] = example?.Url,
                ["keeper_text"] = keeper?.Text,
                ["example_text"] = example?.Text,
            });
        }
        return new JsonObject
        {
            ["audit_file"] = Path.GetRelativePath(context.Layout.Root, auditPath),
            ["dropped"] = dropped,
            ["dropped_seen_in_earlier_build"] = earlier,
            ["groups"] = groups,
            ["largest_group"] = largest.Count > 0 ? largest[0].Size : 0,
            ["group_size_histogram"] = histogramJson,
            ["largest_groups"] = largestJson,
        };
    }

    /// <summary>A measured similarity, rounded; a non-finite one is a defect upstream, named here rather than left
    /// for the JSON writer to refuse with a message that names nothing.</summary>
    private static double Similarity(double value, string what, string id) =>
        double.IsFinite(value) ? Math.Round(value, 4)
            : throw new InvalidDataException($"dedup audit: similarity of the {what} '{id}' is {value}, not a finite number");

    private static void Trim(List<GroupRecord> groups)
    {
        groups.Sort((x, y) => x.Size != y.Size ? y.Size.CompareTo(x.Size) : x.Keeper.CompareTo(y.Keeper));
        if (groups.Count > LargestGroups) groups.RemoveRange(LargestGroups, groups.Count - LargestGroups);
    }

    /// <summary>URL and head of text by position (<see cref="DocumentPreview"/>); null for a document signed by a
    /// build older than the preview store.</summary>
    private sealed class PreviewLookup(DedupPaths paths) : IDisposable
    {
        private readonly Dictionary<int, BlobReader> _readers = [];

        public (string? Url, string Text)? Of(ulong packed)
        {
            var position = SourcePosition.Unpack(packed);
            if (!_readers.TryGetValue(position.Shard, out var reader))
                _readers[position.Shard] = reader = new BlobReader(paths.Previews(position.Shard));
            return reader.Get(position.Ordinal) is { } bytes ? DocumentPreview.Decode(bytes) : null;
        }

        public void Dispose()
        {
            foreach (var r in _readers.Values) r.Dispose();
        }
    }

    /// <summary>Document ids by position, from the id stores the signers wrote; one open store per shard touched.</summary>
    private sealed class IdLookup(DedupPaths paths) : IDisposable
    {
        private readonly Dictionary<int, BlobReader> _readers = [];

        public string Of(ulong packed)
        {
            var position = SourcePosition.Unpack(packed);
            if (!_readers.TryGetValue(position.Shard, out var reader))
                _readers[position.Shard] = reader = new BlobReader(paths.Ids(position.Shard));
            return reader.Get(position.Ordinal) is { } bytes ? Encoding.UTF8.GetString(bytes) : position.ToString();
        }

        public void Dispose()
        {
            foreach (var r in _readers.Values) r.Dispose();
        }
    }
}
