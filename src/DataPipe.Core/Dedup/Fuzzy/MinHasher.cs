using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>
/// MinHash signatures with 32-bit permutations h_k(x) = a_k·x + b_k (mod 2^32, a_k odd) over the 64-bit shingle
/// hashes folded to 32 bits, eight permutations per 256-bit vector. 32 bits because AVX2 has no 64-bit multiply:
/// a 32-bit lane runs four times the permutations per instruction, and the band key is still a 64-bit hash of a
/// band's eight 32-bit rows, so unrelated documents share a bucket with probability ~2^-64 per band pair.
/// </summary>
public sealed class MinHasher
{
    private readonly uint[] _a;
    private readonly uint[] _b;

    public MinHasher(int bands, int rows, long seed)
    {
        Bands = bands;
        Rows = rows;
        int padded = (bands * rows + 7) / 8 * 8;
        _a = new uint[padded];
        _b = new uint[padded];
        ulong state = (ulong)seed ^ 0xD1B54A32D192ED03UL;
        for (int k = 0; k < padded; k++)
        {
            _a[k] = (uint)SplitMix(ref state) | 1u;
            _b[k] = (uint)SplitMix(ref state);
        }
    }

    public int Bands { get; }
    public int Rows { get; }
    public int Hashes => Bands * Rows;

    /// <summary>Fills <paramref name="signature"/> (length ≥ <see cref="Hashes"/> rounded up to 8) with the minima.</summary>
    public void Sign(ReadOnlySpan<ulong> shingles, Span<uint> signature)
    {
        int vectors = _a.Length / 8;
        if (signature.Length < _a.Length) throw new ArgumentException($"signature needs {_a.Length} slots", nameof(signature));
        var min = MemoryMarshal.Cast<uint, Vector256<uint>>(signature[.._a.Length]);
        var a = MemoryMarshal.Cast<uint, Vector256<uint>>(_a.AsSpan());
        var b = MemoryMarshal.Cast<uint, Vector256<uint>>(_b.AsSpan());
        // Four permutation vectors at a time held in registers across all shingles, rather than all of them in memory.
        int v = 0;
        for (; v + 4 <= vectors; v += 4)
        {
            Vector256<uint> a0 = a[v], a1 = a[v + 1], a2 = a[v + 2], a3 = a[v + 3];
            Vector256<uint> b0 = b[v], b1 = b[v + 1], b2 = b[v + 2], b3 = b[v + 3];
            var m0 = Vector256<uint>.AllBitsSet;
            var m1 = m0;
            var m2 = m0;
            var m3 = m0;
            foreach (ulong s in shingles)
            {
                var x = Vector256.Create((uint)(s ^ (s >> 32)));
                m0 = Vector256.Min(m0, a0 * x + b0);
                m1 = Vector256.Min(m1, a1 * x + b1);
                m2 = Vector256.Min(m2, a2 * x + b2);
                m3 = Vector256.Min(m3, a3 * x + b3);
            }
            min[v] = m0;
            min[v + 1] = m1;
            min[v + 2] = m2;
            min[v + 3] = m3;
        }
        for (; v < vectors; v++)
        {
            Vector256<uint> av = a[v], bv = b[v];
            var m = Vector256<uint>.AllBitsSet;
            foreach (ulong s in shingles) m = Vector256.Min(m, av * Vector256.Create((uint)(s ^ (s >> 32))) + bv);
            min[v] = m;
        }
    }

    /// <summary>The plain form of <see cref="Sign"/>: one permutation at a time, one shingle at a time, no vectors.
    /// The tests hold the two equal on random and real shingles.</summary>
    public void SignReference(ReadOnlySpan<ulong> shingles, Span<uint> signature)
    {
        for (int k = 0; k < _a.Length; k++)
        {
            uint min = uint.MaxValue;
            foreach (ulong s in shingles) min = Math.Min(min, unchecked(_a[k] * (uint)(s ^ (s >> 32)) + _b[k]));
            signature[k] = min;
        }
    }

    /// <summary>The 64-bit key of band <paramref name="band"/>: a hash of its rows, seeded by the band index so
    /// equal rows in different bands never share a bucket.</summary>
    public ulong BandKey(ReadOnlySpan<uint> signature, int band) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(signature.Slice(band * Rows, Rows)), band + 1);

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
