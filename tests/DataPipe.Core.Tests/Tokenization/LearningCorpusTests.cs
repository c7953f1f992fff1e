using System.IO.Compression;
using System.Text;
using DataPipe.Core.Tokenization.Learning;

namespace DataPipe.Core.Tests.Tokenization;

/// <summary>The texts <c>datapipe tokenizer train</c> reads: compressed inputs are decompressed exactly once.</summary>
public sealed class LearningCorpusTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadsGzippedJsonlAndGzippedPlainTextInPathOrder()
    {
        WriteGzip(_dir.File("a.jsonl.gz"), "{\"id\":\"1\",\"text\":\"first document\"}\n{\"id\":\"2\",\"text\":\"second\\ndocument\"}\n");
        WriteGzip(_dir.File("b.txt.gz"), "a line\n\nanother line\n");
        File.WriteAllText(_dir.File("c.jsonl"), "{\"id\":\"3\",\"text\":\"plain\"}\n");

        var corpus = LearningCorpus.FromPatterns([_dir.Path]);

        Assert.Equal(["first document", "second\ndocument", "a line", "another line", "plain"], corpus.Texts().ToList());
        Assert.Equal(0, corpus.Quarantined);
    }

    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }
}
