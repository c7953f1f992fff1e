using DataPipe.Core.Dedup;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Decontamination;

/// <summary>One task per hash partition: the eval n-grams that more than <c>ignore_frequent</c> documents hold.</summary>
internal sealed class FrequentNGramPhase(FrequencyAwareDecontaminateStage stage) : IResolvePhase
{
    public string Name => "counts";

    public int TaskCount(int shardCount) => DedupPartitioning.Count(null, shardCount);

    public void Run(ResolveContext context)
    {
        string directory = context.Layout.StageDirectory(stage.Name);
        int p = context.Rank;
        var records = RecordFile.ReadAll<BandRecord>(context.Shards.Select(s => stage.SignFile(directory, p, s.Index)));
        Array.Sort(records);
        var frequent = new List<ulong>();
        for (int start = 0; start < records.Length;)
        {
            int end = start + 1;
            while (end < records.Length && records[end].Key == records[start].Key) end++;
            if (end - start > stage.Options.IgnoreFrequent) frequent.Add(records[start].Key);
            start = end;
        }
        context.Counters.Add("eval_ngrams_in_corpus", CountDistinct(records));
        context.Counters.Add("frequent_ngrams_ignored", frequent.Count);
        RecordFile.Write<ulong>(stage.FrequentFile(directory, p), frequent.ToArray());
    }

    private static long CountDistinct(BandRecord[] sorted)
    {
        long distinct = 0;
        for (int i = 0; i < sorted.Length; i++)
            if (i == 0 || sorted[i].Key != sorted[i - 1].Key) distinct++;
        return distinct;
    }
}
