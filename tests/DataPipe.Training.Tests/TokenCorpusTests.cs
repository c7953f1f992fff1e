using DataPipe.Core.Formats.TokenShards;
using DataPipe.Training.Data;

namespace DataPipe.Training.Tests;

public sealed class TokenCorpusTests
{
    private static readonly IReadOnlyList<IReadOnlyList<int[]>> ThreeShards =
    [
        [[1, 2, 3], [4, 5], [6], [7, 8, 9, 10]],
        [[11, 12], [13, 14, 15]],
        [[20, 21, 22, 23, 24]],
    ];

    [Fact]
    public void Reads_the_shards_as_one_stream_with_EOS_after_each_document_and_holds_out_whole_shards()
    {
        using var dir = new TempDirectory();
        TestShards.Write(dir.Path, vocab: 64, eos: 0, ThreeShards, rowsPerBatch: 2);
        using var corpus = TokenCorpus.Open(dir.Path, validationShards: 1);

        Assert.Equal(2, corpus.Train.ShardCount);
        Assert.Equal(1, corpus.Validation.ShardCount);
        var train = new long[corpus.Train.Tokens];
        corpus.Train.CopyTo(0, train);
        Assert.Equal(new long[] { 1, 2, 3, 0, 4, 5, 0, 6, 0, 7, 8, 9, 10, 0, 11, 12, 0, 13, 14, 15, 0 }, train);
        var val = new long[corpus.Validation.Tokens];
        corpus.Validation.CopyTo(0, val);
        Assert.Equal(new long[] { 20, 21, 22, 23, 24, 0 }, val);
    }

    [Fact]
    public void Windows_overlap_by_one_token_and_cross_shard_boundaries()
    {
        using var dir = new TempDirectory();
        TestShards.Write(dir.Path, vocab: 64, eos: 0, ThreeShards);
        using var corpus = TokenCorpus.Open(dir.Path, validationShards: 1);

        Assert.Equal(5, corpus.Train.WindowCount(4)); // (21 - 1) / 4
        var window = new long[5];
        corpus.Train.CopyWindow(3, 4, window);
        Assert.Equal(new long[] { 10, 0, 11, 12, 0 }, window); // tokens 12..16: the first shard ends at 13
    }

    [Fact]
    public void A_single_shard_corpus_trains_on_everything()
    {
        using var dir = new TempDirectory();
        TestShards.Write(dir.Path, vocab: 64, eos: 0, [ThreeShards[0]]);
        using var corpus = TokenCorpus.Open(dir.Path, validationShards: 1);
        Assert.Equal(14, corpus.Train.Tokens);
        Assert.Equal(0, corpus.Validation.Tokens);
    }

    [Fact]
    public void A_token_outside_the_vocabulary_is_a_clear_error_naming_the_shard()
    {
        using var dir = new TempDirectory();
        TestShards.Write(dir.Path, vocab: 10, eos: 0, [[[1, 2, 30]]]);
        var e = Assert.Throws<TrainingDataException>(() => TokenCorpus.Open(dir.Path, 0));
        Assert.Contains("shard-00000.arrow", e.Message);
        Assert.Contains("token id 30", e.Message);
    }

    [Fact]
    public void Counts_that_disagree_with_the_manifest_are_reported()
    {
        using var dir = new TempDirectory();
        TestShards.Write(dir.Path, vocab: 64, eos: 0, ThreeShards);
        var path = Path.Combine(dir.Path, TokenManifest.FileName);
        var manifest = TokenManifest.Read(path);
        var shards = manifest.Shards.ToList();
        shards[1] = shards[1] with { Tokens = 99 };
        (manifest with { Shards = shards }).Write(path);
        var e = Assert.Throws<TrainingDataException>(() => TokenCorpus.Open(dir.Path, 1));
        Assert.Contains("shard-00001.arrow", e.Message);
        Assert.Contains("99", e.Message);
    }

    [Fact]
    public void A_truncated_shard_is_an_error_not_a_crash()
    {
        using var dir = new TempDirectory();
        TestShards.Write(dir.Path, vocab: 64, eos: 0, ThreeShards);
        var shard = Path.Combine(dir.Path, "shard-00000.arrow");
        var bytes = File.ReadAllBytes(shard);
        File.WriteAllBytes(shard, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<TrainingDataException>(() => TokenCorpus.Open(dir.Path, 1));
        Assert.Contains("shard-00000.arrow", e.Message);
    }

    [Fact]
    public void A_missing_manifest_says_so()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<TrainingDataException>(() => TokenCorpus.Open(dir.Path, 1));
        Assert.Contains("manifest", e.Message);
    }
}
