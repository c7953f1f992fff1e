using DataPipe.Core.Formats.TokenShards;
using DataPipe.Training.Data;

namespace DataPipe.Training.Tests;

/// <summary>The pipeline and the trainer share one <see cref="TokenManifest"/> type; what can still break between
/// them is the file itself. The JSON is pinned byte for byte (older builds' manifests must keep loading, and other
/// readers parse it), and the trainer's loader accepts both the pipeline's file and a hand-made one.</summary>
public sealed class ManifestContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("manifest-contract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TokenManifest Written(int vocab) => new()
    {
        FormatVersion = TokenShardSchema.FormatVersion,
        Tokenizer = "my.json",
        TokenizerSha256 = new string('a', 64),
        TokenizerPath = "tokenizer/my.json",
        VocabSize = vocab,
        EosId = vocab - 1,
        Rows = 5,
        Tokens = 1234,
        Shards = [new TokenManifestShard { File = "shard-00000.arrow", Rows = 5, Tokens = 1234, Bytes = 4096, Sha256 = new string('b', 64) }],
    };

    [Fact]
    public void The_written_json_is_byte_for_byte_the_format()
    {
        string expected = $$"""
            {
              "format_version": "1",
              "tokenizer": "my.json",
              "tokenizer_sha256": "{{new string('a', 64)}}",
              "tokenizer_path": "tokenizer/my.json",
              "vocab_size": 100277,
              "eos_id": 100276,
              "dtype": "uint32",
              "rows": 5,
              "tokens": 1234,
              "shards": [
                {
                  "file": "shard-00000.arrow",
                  "rows": 5,
                  "tokens": 1234,
                  "bytes": 4096,
                  "sha256": "{{new string('b', 64)}}"
                }
              ]
            }

            """;
        Assert.Equal(expected, Written(100_277).ToJson());
    }

    [Theory]
    [InlineData(50_257, "uint16")]
    [InlineData(100_277, "uint32")]
    public void The_pipelines_manifest_loads_with_its_version_dtype_and_shards(int vocab, string dtype)
    {
        Written(vocab).Write(Path.Combine(_dir, TokenManifest.FileName));

        var read = TokenManifestLoader.Load(_dir);

        Assert.Equal(Written(vocab) with { Shards = read.Shards, Dtype = dtype }, read);
        Assert.Equal(dtype, read.Dtype);
        var shard = Assert.Single(read.Shards);
        Assert.Equal(Written(vocab).Shards[0], shard);
    }

    [Fact]
    public void A_hand_made_manifest_with_a_numeric_version_and_no_shard_bytes_loads()
    {
        File.WriteAllText(Path.Combine(_dir, TokenManifest.FileName), """
            {"format_version": 1, "tokenizer": "t", "tokenizer_sha256": "0", "vocab_size": 64, "eos_id": 0, "dtype": "uint16",
             "rows": 1, "tokens": 3, "shards": [{"file": "shard-00000.arrow", "rows": 1, "tokens": 3, "sha256": "0"}]}
            """);

        var read = TokenManifestLoader.Load(_dir);

        Assert.Equal(TokenShardSchema.FormatVersion, read.FormatVersion);
        Assert.Null(read.TokenizerPath);
        Assert.Equal(0, Assert.Single(read.Shards).Bytes);
    }

    [Fact]
    public void An_unsupported_version_is_a_training_data_error()
    {
        File.WriteAllText(Path.Combine(_dir, TokenManifest.FileName), Written(64).ToJson().Replace("\"format_version\": \"1\"", "\"format_version\": 2"));
        var e = Assert.Throws<TrainingDataException>(() => TokenManifestLoader.Load(_dir));
        Assert.Contains("format_version 2", e.Message);
    }
}
