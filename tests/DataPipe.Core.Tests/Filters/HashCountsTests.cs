using DataPipe.Core.Filters.Text;

namespace DataPipe.Core.Tests.Filters;

public sealed class HashCountsTests
{
    [Fact]
    public void CountsMatchADictionaryAcrossResetsAndGrowth()
    {
        var table = new HashCounts();
        var random = new Random(3);
        foreach (int keys in new[] { 10, 5_000, 100, 70_000, 0, 3 })
        {
            table.Reset(keys / 4); // deliberately too small: the table must grow
            var expected = new Dictionary<ulong, int>();
            for (int i = 0; i < keys * 3; i++)
            {
                ulong key = (ulong)random.Next(keys + 1) * 0x10000UL; // low bits all zero: the mix must spread them
                table[key]++;
                expected[key] = expected.GetValueOrDefault(key) + 1;
            }
            foreach (var (key, count) in expected) Assert.Equal(count, table[key]);
            Assert.Equal(0, table[ulong.MaxValue - 7]); // nothing survives from the previous document
            Assert.True(table.Add(12345UL) == !expected.ContainsKey(12345UL));
        }
    }
}
