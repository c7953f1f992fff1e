using System.IO.Compression;
using System.Text;
using DataPipe.Core.Input.Remote;

namespace DataPipe.Core.Tests.Remote;

public sealed class GzipIntegrityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] MultiMember(int members, int linesPerMember)
    {
        var random = new Random(3);
        using var all = new MemoryStream();
        for (int m = 0; m < members; m++)
        {
            using var gz = new GZipStream(all, CompressionLevel.Fastest, leaveOpen: true);
            for (int i = 0; i < linesPerMember; i++) gz.Write(Encoding.UTF8.GetBytes($"{{\"text\":\"member {m} line {i} {random.Next()}\"}}\n"));
        }
        return all.ToArray();
    }

    [Fact]
    public void WholeMultiMemberFileIsComplete()
    {
        File.WriteAllBytes(_dir.File("ok.gz"), MultiMember(3, 500));
        Assert.Null(GzipIntegrity.Check(_dir.File("ok.gz")));
    }

    [Fact]
    public void EveryTruncationIsDetected()
    {
        // GZipStream itself reads all of these to a silent early end; the check must not.
        byte[] bytes = MultiMember(2, 200);
        // A cut exactly between members leaves a valid gzip file: only the HTTP Content-Length can catch that one.
        int boundary = MultiMember(1, 200).Length;
        int detected = 0, cuts = 0;
        for (int keep = 1; keep < bytes.Length; keep += Math.Max(1, bytes.Length / 300))
        {
            if (keep == boundary) continue;
            File.WriteAllBytes(_dir.File("cut.gz"), bytes.AsSpan(0, keep).ToArray());
            cuts++;
            if (GzipIntegrity.Check(_dir.File("cut.gz")) is not null) detected++;
        }
        File.WriteAllBytes(_dir.File("cut.gz"), bytes.AsSpan(0, bytes.Length - 1).ToArray());
        Assert.NotNull(GzipIntegrity.Check(_dir.File("cut.gz")));
        Assert.Equal(cuts, detected);
    }

    [Fact]
    public void FlippedByteInTheDataFailsTheCrc()
    {
        byte[] bytes = MultiMember(1, 300);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(_dir.File("flip.gz"), bytes);
        Assert.NotNull(GzipIntegrity.Check(_dir.File("flip.gz")));
    }
}
