namespace VolunteerQuantum.Simulation.Sampling;

/// <summary>
/// xoshiro256** seeded through SplitMix64: our own generator, so a seed gives the same shots on every
/// .NET version and machine (System.Random's algorithm is an implementation detail).
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DeterministicRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Number of successes in <paramref name="trials"/> Bernoulli(<paramref name="p"/>) draws (exact).</summary>
    public long NextBinomial(long trials, double p)
    {
        if (p <= 0)
        {
            return 0;
        }
        if (p >= 1)
        {
            return trials;
        }
        long k = 0;
        for (long i = 0; i < trials; i++)
        {
            if (NextDouble() < p)
            {
                k++;
            }
        }
        return k;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
