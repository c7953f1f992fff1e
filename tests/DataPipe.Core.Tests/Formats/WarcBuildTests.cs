using System.Text.Json.Nodes;
using DataPipe.Core.Tests.Runtime;

namespace DataPipe.Core.Tests.Formats;

/// <summary>A damaged WET shard through the real CLI: the build succeeds, good records are written, the bad ones land in quarantine/.</summary>
public sealed class WarcBuildTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Damaged_wet_shard_builds_and_quarantines_the_bad_records()
    {
        var builder = WarcFileBuilder.Numbered(3);
        builder.Conversion(3, header => header.Replace("WARC-Type: conversion\r\n", ""));
        builder.Conversion(4);
        var members = builder.Records.Select(WarcFileBuilder.Gzip).ToList();
        byte[] garbage = "definitely not gzip"u8.ToArray();
        byte[] file = [.. members[0], .. members[1], .. garbage, .. members[2], .. members[3], .. members[4]];
        Directory.CreateDirectory(_dir.File("in"));
        File.WriteAllBytes(_dir.File("in/crawl.warc.wet.gz"), file);
        string outDir = _dir.File("out");
        string pipeline = CorpusFiles.WritePipeline(_dir.Path, _dir.File("in/*.wet.gz"), outDir);

        var result = CliProcess.Run(_dir.Path, "run", pipeline);

        Assert.True(result.ExitCode == 0, result.All);
        var docs = CorpusFiles.ReadJsonlGz(Path.Combine(outDir, "documents/shard-00000.jsonl.gz"));
        Assert.Equal(new[] { 0, 1, 2, 4 }.Select(WarcFileBuilder.IdOf), docs.Select(d => JsonNode.Parse(d)!["id"]!.ToString()));
        var reader = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!["inputs"]!["reader"]!;
        Assert.Equal(4, reader["documents"]!.GetValue<long>());
        Assert.Equal(2, reader["quarantined"]!.GetValue<long>());
        var quarantine = File.ReadAllLines(Path.Combine(outDir, "quarantine/shard-00000.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, quarantine.Count);
        Assert.Equal(members[0].Length + members[1].Length, quarantine[0]["offset"]!.GetValue<long>());
        Assert.Contains("compressed file", quarantine[0]["error"]!.ToString());
        Assert.Equal(builder.Records.Take(3).Sum(r => r.Length), quarantine[1]["offset"]!.GetValue<long>());
        Assert.Contains("no WARC-Type", quarantine[1]["error"]!.ToString());
    }
}
