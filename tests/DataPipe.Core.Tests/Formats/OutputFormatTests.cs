using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using DataPipe.Core.Documents;
using DataPipe.Core.Formats.TokenShards;
using DataPipe.Core.Output;
using DataPipe.Core.Tests.Tokenization;

namespace DataPipe.Core.Tests.Formats;

/// <summary>Every output file is valid for its format, empty or not, as read by independent readers; metadata is written.</summary>
public sealed class OutputFormatTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Document Doc(int i, params (string Key, string Value)[] metadata) => new()
    {
        Id = $"d{i}",
        Text = $"text {i} é",
        Url = $"https://example.com/{i}",
        Position = new SourcePosition(0, i),
        Metadata = metadata.ToDictionary(p => p.Key, p => p.Value),
    };

    [Fact]
    public void An_empty_jsonl_gz_shard_is_one_empty_gzip_member()
    {
        string path = _dir.File("empty.jsonl.gz");
        using (var sink = new JsonlDocumentSink(path)) sink.Commit();

        Assert.True(new FileInfo(path).Length > 0);
        Assert.Equal(0, Run("gzip", "-t", path).ExitCode);
        var node = Run("node", "-e", "const b = require('zlib').gunzipSync(require('fs').readFileSync(process.argv[1])); process.stdout.write(String(b.length))", path);
        Assert.True(node.ExitCode == 0, node.StdErr);
        Assert.Equal("0", node.StdOut);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        Assert.Equal(-1, gzip.ReadByte());
    }

    [Fact]
    public void Jsonl_documents_carry_their_metadata_object()
    {
        string path = _dir.File("docs.jsonl.gz");
        using (var sink = new JsonlDocumentSink(path))
        {
            sink.Write(Doc(0, ("warc_identified_content_language", "eng"), ("http_status", "200")));
            sink.Write(Doc(1));
            sink.Commit();
        }
        Assert.Equal(0, Run("gzip", "-t", path).ExitCode);
        var lines = CorpusFilesLines(path);
        Assert.Equal(2, lines.Count);
        var first = JsonNode.Parse(lines[0])!;
        Assert.Equal("eng", first["metadata"]!["warc_identified_content_language"]!.ToString());
        Assert.Equal("200", first["metadata"]!["http_status"]!.ToString());
        Assert.Null(JsonNode.Parse(lines[1])!["metadata"]);
    }

    [Fact]
    public async Task An_empty_parquet_shard_has_the_schema_and_zero_rows()
    {
        string path = _dir.File("empty.parquet");
        using (var sink = new ParquetDocumentSink(path)) sink.Commit();

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);
        await using var reader = await global::Parquet.ParquetReader.CreateAsync(File.OpenRead(path));
        Assert.Equal(0, reader.RowGroupCount);
        Assert.Equal(["id", "url", "text", .. ParquetDocumentSink.MetadataColumns, "metadata"], reader.Schema.DataFields.Select(f => f.Name));
    }

    [Fact]
    public async Task Parquet_documents_carry_metadata_columns_and_the_other_keys_as_json()
    {
        string path = _dir.File("docs.parquet");
        using (var sink = new ParquetDocumentSink(path))
        {
            sink.Write(Doc(0, ("warc_identified_content_language", "deu,eng"), ("warc_refers_to", "<urn:uuid:x>"), ("title", "A page")));
            sink.Write(Doc(1));
            sink.Commit();
        }
        await using var reader = await global::Parquet.ParquetReader.CreateAsync(File.OpenRead(path));
        using var group = reader.OpenRowGroupReader(0);
        async Task<string?[]> Column(string name)
        {
            var values = new string?[2];
            await group.ReadAsync(reader.Schema.DataFields.Single(f => f.Name == name), values.AsMemory());
            return values;
        }
        Assert.Equal(new string?[] { "deu,eng", null }, await Column("warc_identified_content_language"));
        Assert.Equal(new string?[] { "<urn:uuid:x>", null }, await Column("warc_refers_to"));
        Assert.Equal(new string?[] { "{\"title\":\"A page\"}", null }, await Column("metadata"));
        Assert.Equal(new string?[] { "text 0 é", "text 1 é" }, await Column("text"));
    }

    [Fact]
    public void An_empty_token_shard_has_the_schema_and_no_batches_for_apache_arrow()
    {
        string tokens = _dir.File("tokens");
        Directory.CreateDirectory(tokens);
        var info = new TokenShardInfo("test-bpe", new string('0', 64), 1000, 999);
        using (var writer = new TokenShardWriter(Path.Combine(tokens, "shard-00000.arrow"), info)) writer.Commit();
        File.WriteAllText(Path.Combine(tokens, "manifest.json"), "{\"shards\":[{\"file\":\"shard-00000.arrow\"}]}");

        var shard = JsonNode.Parse(NodeInterop.Run("read-shards.js", Path.Combine(tokens, "manifest.json")))!["shards"]![0]!;
        Assert.Equal(0, shard["rows"]!.GetValue<long>());
        Assert.Equal("test-bpe", shard["tokenizer"]!.ToString());
        Assert.Equal(1000, shard["vocab_size"]!.GetValue<int>());
        Assert.Equal("List<Uint16>", shard["tokens_type"]!.ToString());
    }

    private static List<string> CorpusFilesLines(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static (int ExitCode, string StdOut, string StdErr) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
