namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// fastText's string hash: FNV-1a over the bytes, except that each byte is widened as a <em>signed</em> char
/// (<c>uint32_t(int8_t(c))</c>), so bytes ≥ 0x80 xor in 0xFFFFFFxx. Every model's word table and n-gram buckets
/// depend on that quirk, so a textbook FNV-1a would miss every non-ASCII n-gram.
/// </summary>
public static class FastTextHash
{
    public const uint Seed = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint h = Seed;
        foreach (byte b in bytes) h = Step(h, b);
        return h;
    }

    /// <summary>One byte of the hash, so n-grams that share a start can be hashed while they grow.</summary>
    public static uint Step(uint h, byte b) => (h ^ (uint)(sbyte)b) * Prime;
}
