using System.Text.Encodings.Web;
using System.Text.Json;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Decontamination;

/// <summary>Finalize: per eval set, the items found in the corpus and the documents dropped or cut for it, plus the
/// matches kept as evidence in <c>rejected/&lt;stage&gt;.matches.jsonl</c>. Shards merge in order: the same for any worker count.</summary>
internal static class DecontaminationReport
{
    public static void Write(FinalizeContext context, string stageName, EvalIndex index, DecontaminationOptions options)
    {
        string directory = context.Layout.StageDirectory(stageName);
        var merged = ShardMatches.Empty(index.Sets.Count);
        foreach (var shard in context.Shards)
        {
            if (ShardMatches.Read(ShardMatches.PathFor(directory, shard.Index)) is not { } matches) continue;
            for (int s = 0; s < merged.Sets.Count && s < matches.Sets.Count; s++)
            {
                var into = merged.Sets[s];
                var from = matches.Sets[s];
                into.DocsDropped += from.DocsDropped;
                into.DocsCut += from.DocsCut;
                into.HitsAnswer += from.HitsAnswer;
                into.HitsStemOnly += from.HitsStemOnly;
                into.Items.UnionWith(from.Items);
                into.Samples.AddRange(from.Samples.Take(options.Samples - into.Samples.Count));
            }
        }

        var sets = new List<object>();
        for (int s = 0; s < index.Sets.Count; s++)
        {
            var stats = index.Sets[s];
            var m = merged.Sets[s];
            sets.Add(new Dictionary<string, object>
            {
                ["name"] = stats.Name,
                ["items"] = stats.Items,
                ["items_indexed"] = stats.ItemsIndexed,
                ["ngrams"] = stats.NGrams,
                ["items_found"] = m.Items.Count,
                ["docs_dropped"] = m.DocsDropped,
                ["docs_cut"] = m.DocsCut,
                ["hits_spanning_answer"] = m.HitsAnswer,
                ["hits_stem_only"] = m.HitsStemOnly,
            });
        }
        context.ReportSections[$"decontamination.{stageName}"] = new Dictionary<string, object>
        {
            ["ngram"] = options.NGram,
            ["mode"] = options.Mode == DecontaminationMode.Cut ? "cut" : "drop",
            ["require_answer"] = options.RequireAnswer,
            ["ignore_frequent"] = options.IgnoreFrequent,
            ["eval_sets"] = sets,
        };

        var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var lines = merged.Sets.SelectMany(m => m.Samples).Select(sample => JsonSerializer.Serialize(sample, json) + "\n");
        IO.AtomicFile.WriteAllText(Path.Combine(context.Layout.RejectedDirectory, $"{stageName}.matches.jsonl"), string.Concat(lines));
    }
}
