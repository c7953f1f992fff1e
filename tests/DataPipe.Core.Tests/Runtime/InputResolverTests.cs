using System.IO.Compression;
using DataPipe.Core.Config;
using DataPipe.Core.Input;

namespace DataPipe.Core.Tests.Runtime;

public sealed class InputResolverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private void Touch(string relative)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dir.File(relative))!);
        File.WriteAllText(_dir.File(relative), "x");
    }

    [Fact]
    public void GlobsExpandInOrdinalOrderWithFormats()
    {
        foreach (var f in new[] { "a/2.warc.wet.gz", "a/1.warc.gz", "a/10.jsonl.zst", "a/x.parquet", "a/sub/3.jsonl" }) Touch(f);
        var shards = InputResolver.Resolve([new InputSpec { Path = _dir.File("a/*"), Origin = "t" }], "t");
        Assert.Equal(["1.warc.gz", "10.jsonl.zst", "2.warc.wet.gz", "x.parquet"], shards.Select(s => s.Name));
        Assert.Equal(["warc", "jsonl", "wet", "parquet"], shards.Select(s => s.Format));
    }

    [Fact]
    public void RecursiveGlobAndIndexes()
    {
        foreach (var f in new[] { "r/a.jsonl", "r/deep/b.jsonl", "r/deep/er/c.jsonl", "r/deep/er/c.txt" }) Touch(f);
        var shards = InputResolver.Resolve([new InputSpec { Path = _dir.File("r/**/*.jsonl"), Origin = "t" }], "t");
        Assert.Equal(["a.jsonl", "b.jsonl", "c.jsonl"], shards.Select(s => s.Name));
        Assert.Equal([0, 1, 2], shards.Select(s => s.Index));
        Assert.All(shards, s => Assert.Equal("jsonl", s.Format));
    }

    [Fact]
    public void PathsFileGzIsRelativeToBase()
    {
        Touch("cc/segments/x/wet/one.warc.wet.gz");
        using (var gz = new GZipStream(File.Create(_dir.File("wet.paths.gz")), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz))
            w.Write("segments/x/wet/one.warc.wet.gz\n\nsegments/x/wet/two.warc.wet.gz\n");
        var shards = InputResolver.Resolve([new InputSpec { PathsFile = _dir.File("wet.paths.gz"), Base = _dir.File("cc"), Origin = "t" }], "t");
        Assert.Equal([_dir.File("cc/segments/x/wet/one.warc.wet.gz"), _dir.File("cc/segments/x/wet/two.warc.wet.gz")], shards.Select(s => s.Path));
        Assert.All(shards, s => Assert.Equal("wet", s.Format));
        Assert.Equal(0, shards[1].Bytes); // listed but missing: the runner quarantines it
    }

    [Fact]
    public void UnknownExtensionNeedsAnExplicitFormat()
    {
        Touch("u/data.bin");
        var e = Assert.Throws<ConfigException>(() => InputResolver.Resolve([new InputSpec { Path = _dir.File("u/data.bin"), Origin = "p.yaml", Line = 3, Column = 5 }], "p.yaml"));
        Assert.Equal("format", e.Key);
        Assert.Equal(3, e.Line);
        var ok = InputResolver.Resolve([new InputSpec { Path = _dir.File("u/data.bin"), Format = "jsonl", Origin = "t" }], "t");
        Assert.Equal("jsonl", Assert.Single(ok).Format);
    }

    [Theory]
    [InlineData("CC-MAIN-1.warc.wet.gz", "wet")]
    [InlineData("x.wet", "wet")]
    [InlineData("x.warc", "warc")]
    [InlineData("x.WARC.GZ", "warc")]
    [InlineData("x.jsonl.gz", "jsonl")]
    [InlineData("x.ndjson", "jsonl")]
    [InlineData("x.jsonl.zst", "jsonl")]
    [InlineData("x.parquet", "parquet")]
    [InlineData("x.csv", null)]
    public void DetectsFormatsByName(string name, string? format) => Assert.Equal(format, InputResolver.DetectFormat(name));
}
