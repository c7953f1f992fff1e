using DataPipe.Core.Stages;
using DataPipe.Core.Tokenization.Bpe;
using DataPipe.Core.Tokenization.Files;
using DataPipe.Core.Tokenization.Stages;
using Microsoft.Extensions.Logging;

namespace DataPipe.Core.Tokenization.Learning;

/// <summary>
/// The one task between passes that trains the tokenizer: merges every shard's counts (or picks the byte-budget
/// sample from every shard's candidates and counts it), runs <see cref="BpeTrainer"/> and writes both tokenizer
/// files atomically. Its inputs are fixed once the sign pass is complete, so a rerun after a kill trains the same
/// vocabulary again, byte for byte.
/// </summary>
internal sealed class TrainResolvePhase(TrainTokenizerStage stage) : IResolvePhase
{
    public string Name => "train";

    public int TaskCount(int shardCount) => 1;

    public void Run(ResolveContext context)
    {
        var paths = stage.Paths(context.Layout);
        var trained = stage.Options.ByteBudget > 0
            ? TrainOnSample(paths, context)
            : TrainOnCounts(paths, context);
        var vocabulary = trained.Vocabulary;
        context.Cancellation.ThrowIfCancellationRequested();
        TokenizerJsonFile.Write(vocabulary, TrainTokenizerStage.TokenizerJsonPath(context.Layout));
        TiktokenFile.Write(vocabulary, TrainTokenizerStage.RanksPath(context.Layout));

        context.Counters.Add("documents", trained.Documents);
        context.Counters.Add("bytes", trained.Bytes);
        context.Counters.Add("distinct_words", trained.DistinctWords);
        context.Counters.Add("merges", vocabulary.Merges.Count);
        context.Counters.Add("vocab_size", vocabulary.VocabSize);
        context.Logger.LogInformation("{Stage}: trained {Vocab} tokens ({Merges} merges) on {Documents} documents, {Bytes} bytes, {Words} distinct pre-tokens",
            stage.Name, vocabulary.VocabSize, vocabulary.Merges.Count, trained.Documents, trained.Bytes, trained.DistinctWords);
    }

    private sealed record Trained(BpeVocabulary Vocabulary, long Documents, long Bytes, int DistinctWords);

    private Trained TrainOnCounts(LearningPaths paths, ResolveContext context)
    {
        var words = new Dictionary<string, long>(StringComparer.Ordinal);
        long documents = 0, bytes = 0;
        foreach (var shard in context.Shards)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var totals = WordCountFile.AddTo(paths.Counts(shard.Index), words);
            documents += totals.Documents;
            bytes += totals.Bytes;
        }
        // Counts are sums, and the trainer orders words itself: the shard order above cannot change the result.
        var vocabulary = new BpeTrainer(stage.Options).Train(words);
        return new Trained(vocabulary, documents, bytes, words.Count);
    }

    private Trained TrainOnSample(LearningPaths paths, ResolveContext context)
    {
        var all = context.Shards.SelectMany(s => SampleFile.ReadEntries(paths.Sample(s.Index))).ToArray();
        Array.Sort(all);
        int take = SampleEntry.PrefixLength(all, stage.Options.ByteBudget);
        // The budget already chose the texts; the trainer must count every one it is given.
        var trainer = new BpeTrainer(stage.Options with { ByteBudget = 0 });
        var vocabulary = take == 0
            ? trainer.Train(Array.Empty<string>())
            : trainer.Train(context.Shards.SelectMany(s =>
            {
                context.Cancellation.ThrowIfCancellationRequested();
                return SampleFile.TextsUpTo(paths.Sample(s.Index), all[take - 1]);
            }));
        var run = trainer.LastRun!;
        return new Trained(vocabulary, run.Documents, run.Bytes, run.DistinctWords);
    }
}
