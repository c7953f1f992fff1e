namespace DataPipe.Core.Hashing;

/// <summary>MurmurHash3's 64-bit finalizer: spreads every input bit over the whole word, so cheap polynomial or
/// FNV-style hashes can be bucketed by any of their bits.</summary>
internal static class BitMixer
{
    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        return x ^ (x >> 33);
    }
}
