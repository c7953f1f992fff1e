using CoreManifest = DataPipe.Core.Formats.TokenShards.TokenManifest;
using CoreShard = DataPipe.Core.Formats.TokenShards.TokenManifestShard;

namespace DataPipe.Training.Tests;

/// <summary>The trainer reads the manifest exactly as the pipeline's tokenize stage writes it (not a hand-made one):
/// the two sides are separate types, so this is where a renamed or retyped field shows up.</summary>
public sealed class ManifestContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("manifest-contract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(50_257, "uint16")]
    [InlineData(100_277, "uint32")]
    public void The_pipelines_manifest_loads_with_its_version_dtype_and_shards(int vocab, string dtype)
    {
        var written = new CoreManifest
        {
            FormatVersion = DataPipe.Core.Formats.TokenShards.TokenShardSchema.FormatVersion,
            Tokenizer = "my.json",
            TokenizerSha256 = new string('a', 64),
            TokenizerPath = "tokenizer/my.json",
            VocabSize = vocab,
            EosId = vocab - 1,
            Rows = 5,
            Tokens = 1234,
            Shards = [new CoreShard { File = "shard-00000.arrow", Rows = 5, Tokens = 1234, Bytes = 4096, Sha256 = new string('b', 64) }],
        };
        written.Write(Path.Combine(_dir, CoreManifest.FileName));

        var read = Data.TokenManifest.Load(_dir);

        Assert.Equal(1, read.FormatVersion);
        Assert.Equal("tokenizer/my.json", read.TokenizerPath);
        Assert.Equal(dtype, read.Dtype);
        Assert.Equal(vocab, read.VocabSize);
        Assert.Equal(vocab - 1, read.EosId);
        Assert.Equal(1234, read.Tokens);
        var shard = Assert.Single(read.Shards);
        Assert.Equal(("shard-00000.arrow", 5L, 1234L), (shard.File, shard.Rows, shard.Tokens));
    }
}
