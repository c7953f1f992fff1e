using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace DataPipe.Core.Tests.SampleData;

/// <summary>
/// The generated sample corpus (<c>make sample</c>), parsed once per test class: shard files, every
/// conversion record's text by id, and the labels.
/// </summary>
public sealed class SampleCorpus
{
    public string Folder { get; }
    public IReadOnlyList<string> PathsFileEntries { get; }
    public IReadOnlyList<string> ShardFiles { get; }
    public long CompressedBytes { get; }
    public IReadOnlyList<SampleLabel> Labels { get; }
    public IReadOnlyDictionary<string, ShardRecord> Records { get; }
    public IReadOnlyList<string> FirstRecordTypes { get; }
    public IReadOnlyList<string> DigestMismatches { get; }

    public sealed record ShardRecord(string Shard, int Ordinal, string Url, string Text);

    public SampleCorpus()
    {
        Folder = Path.Combine(TestPaths.RepoRoot, "sample-data", "shards");
        if (!File.Exists(Path.Combine(Folder, ".complete")))
            throw new InvalidOperationException($"The sample corpus is missing: run `make sample` (expected {Folder}/.complete).");

        PathsFileEntries = ReadPathsFile(Path.Combine(Folder, "wet.paths.gz"));
        ShardFiles = Directory.GetFiles(Folder, "CC-SAMPLE-*.warc.wet.gz").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        CompressedBytes = ShardFiles.Sum(name => new FileInfo(Path.Combine(Folder, name)).Length);
        Labels = SampleLabel.ReadAll(Path.Combine(Folder, "labels.jsonl"));

        var records = new Dictionary<string, ShardRecord>(StringComparer.Ordinal);
        var firstTypes = new List<string>();
        var mismatches = new List<string>();
        foreach (string shard in ShardFiles)
        {
            int ordinal = -1;
            foreach (WetRecord record in WetRecords.Read(Path.Combine(Folder, shard)))
            {
                if (ordinal == -1) firstTypes.Add(record.Type);
                if (record.Type == "conversion")
                {
                    string digest = "sha1:" + Base32(SHA1.HashData(record.Block));
                    if (record.Headers["WARC-Block-Digest"] != digest) mismatches.Add(record.Id);
                    records.Add(record.Id, new ShardRecord(shard, ordinal, record.Headers["WARC-Target-URI"], record.Text));
                }
                ordinal++;
            }
        }
        Records = records;
        FirstRecordTypes = firstTypes;
        DigestMismatches = mismatches;
    }

    private static List<string> ReadPathsFile(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (byte b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }
}
