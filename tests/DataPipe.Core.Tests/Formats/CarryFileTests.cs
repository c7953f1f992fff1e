using DataPipe.Core.Documents;
using DataPipe.Core.Formats.Carry;

namespace DataPipe.Core.Tests.Formats;

/// <summary>The documents a pass carries to the next come back exactly as written, and a damaged carry file is an
/// error, never a shorter pass.</summary>
public sealed class CarryFileTests
{
    private static readonly Document[] Documents =
    [
        new() { Id = "a", Text = "plain text", Position = new SourcePosition(3, 0) },
        new()
        {
            Id = "<urn:uuid:1>", Text = "ünïcödé \U0001F600 and\r\nlines\0nul", Url = "https://example.org/ü?q=1",
            Position = new SourcePosition(3, 17),
            // Insertion order is what the output writers print: it must survive.
            Metadata = new Dictionary<string, string> { ["z"] = "last letter first", ["a"] = "", ["language"] = "de" },
        },
        new() { Id = "", Text = "", Position = new SourcePosition(3, 1L << 38) },
    ];

    private static byte[] Write(IEnumerable<Document> documents, bool finish = true)
    {
        var output = new MemoryStream();
        using (var writer = new CarryFile.Writer(output))
        {
            foreach (var d in documents) writer.Add(d);
            if (finish) writer.Finish();
        }
        return output.ToArray();
    }

    [Fact]
    public void EveryFieldComesBackAsWritten()
    {
        var back = CarryFile.Read(new MemoryStream(Write(Documents)), shard: 3, "test").ToList();
        Assert.Equal(Documents.Length, back.Count);
        for (int i = 0; i < Documents.Length; i++)
        {
            Assert.Equal(Documents[i].Id, back[i].Id);
            Assert.Equal(Documents[i].Text, back[i].Text);
            Assert.Equal(Documents[i].Url, back[i].Url);
            Assert.Equal(Documents[i].Position, back[i].Position);
            Assert.Equal(Documents[i].Metadata.ToList(), back[i].Metadata.ToList());
        }
    }

    [Fact]
    public void AnEmptyCarryIsZeroDocumentsNotAnError() =>
        Assert.Empty(CarryFile.Read(new MemoryStream(Write([])), 0, "test"));

    [Fact]
    public void ACutOffOrForeignFileIsAnErrorNamingTheFile()
    {
        var whole = Write(Documents);
        // Without its end record (a writer that never finished), and cut inside the compressed data. (The frame's
        // last bytes are zstd's checksum: a cut there loses no document, and the end record is what is checked.)
        var unfinished = Write(Documents, finish: false);
        foreach (var bytes in new[] { unfinished, whole[..(whole.Length / 2)], whole[..^12], whole[..20] })
        {
            var e = Assert.ThrowsAny<Exception>(() => CarryFile.Read(new MemoryStream(bytes), 3, "pass-1/shard-00003").ToList());
            Assert.True(e is InvalidDataException or ZstdSharp.ZstdException or EndOfStreamException, e.GetType().Name + ": " + e.Message);
        }
        var foreign = Assert.Throws<InvalidDataException>(() => CarryFile.Read(new MemoryStream(Write([])[..0]), 0, "x.carry.zst").ToList());
        Assert.Contains("x.carry.zst", foreign.Message);
    }
}
