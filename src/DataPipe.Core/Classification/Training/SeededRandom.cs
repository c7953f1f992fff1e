namespace DataPipe.Core.Classification.Training;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every platform and .NET version
/// (<see cref="Random"/> promises neither), so a seed names one model.
/// </summary>
internal struct SeededRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [-a, a).</summary>
    public float Uniform(float a) => (float)(((Next() >> 40) * (1.0 / (1UL << 24)) * 2 - 1) * a);

    /// <summary>Uniform in [0, n).</summary>
    public int Below(int n) => (int)((Next() >> 33) % (ulong)n);
}
