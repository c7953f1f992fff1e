namespace DataPipe.Benchmarks.Tokenization.Comparison;

/// <summary>An order-sensitive 32-bit checksum of an id sequence, <c>h = h·31 + id (mod 2³²)</c>, computed the same
/// way by tiktoken-bench.js (<c>(Math.imul(h, 31) + id) &gt;&gt;&gt; 0</c>), so ids need not cross the process boundary.</summary>
internal static class IdChecksum
{
    public static uint Add(uint checksum, int id) => unchecked((checksum * 31) + (uint)id);
}
