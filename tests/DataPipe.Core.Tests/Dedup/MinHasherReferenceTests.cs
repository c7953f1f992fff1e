using DataPipe.Core.Dedup.Fuzzy;
using DataPipe.Core.Dedup.Normalization;

namespace DataPipe.Core.Tests.Dedup;

/// <summary>The vectorized MinHash against its plain reference: every layout of bands and rows (so the four-vector
/// loop and its remainder both run), random shingles and shingles of real text from this machine.</summary>
public sealed class MinHasherReferenceTests
{
    [Theory]
    [InlineData(14, 8)]
    [InlineData(9, 13)]
    [InlineData(1, 1)]
    [InlineData(20, 5)]
    [InlineData(3, 7)]
    public void VectorizedSignaturesEqualThePlainOnesOnRandomShingles(int bands, int rows)
    {
        var hasher = new MinHasher(bands, rows, seed: 17);
        int slots = (bands * rows + 7) / 8 * 8;
        var random = new Random(bands * 31 + rows);
        foreach (int count in new[] { 0, 1, 2, 7, 100, 1000 })
        {
            var shingles = new ulong[count];
            for (int i = 0; i < count; i++) shingles[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            var fast = new uint[slots];
            var plain = new uint[slots];
            hasher.Sign(shingles, fast);
            hasher.SignReference(shingles, plain);
            Assert.Equal(plain, fast);
        }
    }

    [Fact]
    public void VectorizedSignaturesEqualThePlainOnesOnRealText()
    {
        var files = RealTextFiles.Take(200);
        Assert.NotEmpty(files);
        var hasher = new MinHasher(14, 8, seed: 42);
        var buffer = new ulong[64];
        var fast = new uint[112];
        var plain = new uint[112];
        foreach (var file in files)
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            int n = ShingleHasher.Compute(text, 5, ref buffer);
            hasher.Sign(buffer.AsSpan(0, n), fast);
            hasher.SignReference(buffer.AsSpan(0, n), plain);
            Assert.Equal(plain, fast);
        }
    }
}
