using System.Security.Cryptography;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using DataPipe.Core.Formats.TokenShards;

namespace DataPipe.Training.Tests;

/// <summary>Writes small token shards + manifest exactly as the tokenizer stage does (Arrow IPC file, list&lt;uint16&gt;).</summary>
internal static class TestShards
{
    public const string Tokenizer = "test-bpe";

    /// <summary>Writes one shard per entry of <paramref name="shards"/>; each inner array is a document (EOS appended).</summary>
    public static string Write(string directory, int vocab, int eos, IReadOnlyList<IReadOnlyList<int[]>> shards, int rowsPerBatch = 3, string tokenizer = Tokenizer)
    {
        Directory.CreateDirectory(directory);
        var entries = new List<TokenManifestShard>();
        for (var s = 0; s < shards.Count; s++)
        {
            var file = $"shard-{s:D5}.arrow";
            var path = Path.Combine(directory, file);
            var (rows, tokens) = WriteShard(path, vocab, eos, s, shards[s], rowsPerBatch);
            entries.Add(new TokenManifestShard
            {
                File = file, Rows = rows, Tokens = tokens, Bytes = new FileInfo(path).Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))),
            });
        }
        new TokenManifest
        {
            FormatVersion = TokenShardSchema.FormatVersion, Tokenizer = tokenizer, TokenizerSha256 = new string('0', 64),
            VocabSize = vocab, EosId = eos, Dtype = "uint16", Shards = entries,
            Rows = entries.Sum(e => e.Rows), Tokens = entries.Sum(e => e.Tokens),
        }.Write(Path.Combine(directory, TokenManifest.FileName));
        return directory;
    }

    private static (long Rows, long Tokens) WriteShard(string path, int vocab, int eos, int shardIndex, IReadOnlyList<int[]> docs, int rowsPerBatch)
    {
        var listType = new ListType(new Field("item", UInt16Type.Default, nullable: false));
        var schema = new Schema.Builder()
            .Field(f => f.Name("id").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("tokens").DataType(listType).Nullable(false))
            .Metadata("datapipe.format_version", "1").Metadata("datapipe.tokenizer", Tokenizer)
            .Metadata("datapipe.tokenizer_sha256", new string('0', 64))
            .Metadata("datapipe.vocab_size", vocab.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Metadata("datapipe.eos_id", eos.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Build();
        long tokens = 0;
        using (var stream = File.Create(path))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            foreach (var chunk in docs.Select((d, i) => (d, i)).Chunk(rowsPerBatch))
            {
                var ids = new StringArray.Builder();
                var offsets = new ArrowBuffer.Builder<int>();
                var values = new ArrowBuffer.Builder<ushort>();
                offsets.Append(0);
                var count = 0;
                foreach (var (doc, i) in chunk)
                {
                    ids.Append($"{shardIndex}:{i}");
                    foreach (var t in doc) values.Append((ushort)t);
                    values.Append((ushort)eos);
                    count += doc.Length + 1;
                    offsets.Append(count);
                }
                tokens += count;
                var flat = new UInt16Array(values.Build(), ArrowBuffer.Empty, count, 0, 0);
                var list = new ListArray(listType, chunk.Length, offsets.Build(), flat, ArrowBuffer.Empty, 0);
                writer.WriteRecordBatch(new RecordBatch(schema, [ids.Build(), list], chunk.Length));
            }
            writer.WriteEnd();
        }
        return (docs.Count, tokens);
    }

    /// <summary>A learnable corpus: documents that count upwards modulo a small cycle, so the next token is predictable.</summary>
    public static IReadOnlyList<IReadOnlyList<int[]>> CountingCorpus(int shards, int docsPerShard, int docLength, int cycle, int seed = 7)
    {
        var random = new Random(seed);
        var result = new List<IReadOnlyList<int[]>>();
        for (var s = 0; s < shards; s++)
        {
            var docs = new List<int[]>();
            for (var d = 0; d < docsPerShard; d++)
            {
                var start = random.Next(cycle);
                docs.Add(Enumerable.Range(0, docLength).Select(i => 1 + (start + i) % cycle).ToArray());
            }
            result.Add(docs);
        }
        return result;
    }
}
