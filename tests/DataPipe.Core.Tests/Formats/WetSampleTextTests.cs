using DataPipe.Core.Tests.SampleData;

namespace DataPipe.Core.Tests.Formats;

/// <summary>The WET reader's texts are the conversion blocks byte for byte, as an independent parser reads them.</summary>
public sealed class WetSampleTextTests
{
    [Fact]
    public void Every_sample_wet_document_is_its_block_unchanged_with_its_headers_in_metadata()
    {
        string shards = Path.Combine(TestPaths.RepoRoot, "sample-data", "shards");
        Assert.True(Directory.Exists(shards), "sample-data/shards is missing: run `make shards` first");
        var files = Directory.GetFiles(shards, "*.warc.wet.gz").Order(StringComparer.Ordinal).Take(3).ToList();
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var expected = WetRecords.Read(file).Where(r => r.Type == "conversion").ToList();
            var run = ReaderRun.Of(file, "wet");
            Assert.Equal(expected.Select(r => r.Text), run.Documents.Select(d => d.Text));
            Assert.Equal(expected.Select(r => r.Id), run.Documents.Select(d => d.Metadata["warc_record_id"]));
            Assert.Empty(run.Quarantined);
        }
    }
}
