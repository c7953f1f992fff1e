using Apache.Arrow.Types;
using DataPipe.Core.Formats.TokenShards;

namespace DataPipe.Core.Tests.Tokenization;

public sealed class TokenShardTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(50257, typeof(UInt16Type))]
    [InlineData(65535, typeof(UInt16Type))]
    [InlineData(65536, typeof(UInt32Type))]
    [InlineData(100277, typeof(UInt32Type))]
    public void RowsRoundTripWithEosAndTheNarrowestIdType(int vocabSize, Type itemType)
    {
        var info = new TokenShardInfo("test", "abc", vocabSize, vocabSize - 1);
        var random = new Random(1);
        var docs = Enumerable.Range(0, 500).Select(i =>
            ($"doc-{i}", Enumerable.Range(0, random.Next(0, 300)).Select(_ => random.Next(vocabSize - 1)).ToArray())).ToList();
        string path = _dir.File("shard.arrow");
        using (var writer = new TokenShardWriter(path, info, batchTokens: 5000))
        {
            foreach (var (id, tokens) in docs) writer.Append(id, tokens);
            writer.Commit();
            Assert.Equal(500, writer.Rows);
            Assert.Equal(docs.Sum(d => d.Item2.Length + 1), writer.Tokens);
        }
        using var reader = new TokenShardReader(path);
        Assert.Equal(info, reader.Info);
        Assert.IsType(itemType, ((ListType)reader.Schema.GetFieldByName("tokens").DataType).ValueDataType);
        Assert.True(reader.BatchCount > 10, $"{reader.BatchCount} batches; batches must stay near 5000 tokens");
        var rows = reader.Rows().ToList();
        Assert.Equal(docs.Select(d => d.Item1), rows.Select(r => r.Id));
        for (int i = 0; i < docs.Count; i++) Assert.Equal([.. docs[i].Item2, vocabSize - 1], rows[i].Tokens);
    }

    [Fact]
    public void AnEmptyShardIsAValidFileWithNoRows()
    {
        string path = _dir.File("empty.arrow");
        using (var writer = new TokenShardWriter(path, new TokenShardInfo("gpt2", "x", 50257, 50256))) writer.Commit();
        using var reader = new TokenShardReader(path);
        Assert.Empty(reader.Rows());
        Assert.Equal("gpt2", reader.Info.Tokenizer);
    }

    [Fact]
    public void AnIdOutsideTheVocabularyIsRejected()
    {
        using var writer = new TokenShardWriter(_dir.File("bad.arrow"), new TokenShardInfo("t", "x", 100, 99));
        var e = Assert.Throws<InvalidDataException>(() => writer.Append("d", [5, 100]));
        Assert.Contains("outside the vocabulary", e.Message);
    }

    [Fact]
    public void AnUncommittedShardLeavesNoFile()
    {
        string path = _dir.File("gone.arrow");
        using (var writer = new TokenShardWriter(path, new TokenShardInfo("t", "x", 100, 99))) writer.Append("d", [1, 2]);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    /// <summary>The writer knows its file's size and SHA-256 as it commits (the finalizer no longer reads shards back);
    /// both equal what reading the file gives, over several record batches and for both id widths.</summary>
    [Theory]
    [InlineData(50257)]
    [InlineData(100277)]
    public void TheWriterKnowsItsShardsSizeAndHashWithoutReadingItBack(int vocabSize)
    {
        string path = _dir.File($"hashed-{vocabSize}.arrow");
        var random = new Random(vocabSize);
        using (var writer = new TokenShardWriter(path, new TokenShardInfo("t", "x", vocabSize, vocabSize - 1), batchTokens: 1024))
        {
            for (int d = 0; d < 300; d++)
                writer.Append($"doc-{d}", Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(vocabSize - 1)).ToArray());
            writer.Commit();
            Assert.Equal(new FileInfo(path).Length, writer.Bytes);
            Assert.Equal(DataPipe.Core.Formats.TokenShards.TokenManifest.Sha256Of(path), writer.Sha256);
        }
        using var reader = new TokenShardReader(path);
        Assert.Equal(300, reader.RowLengths().Count());
    }
}
