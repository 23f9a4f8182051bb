namespace VolunteerQuantum.Grid.Sketches;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a stateless mix of a 64-bit value. Used to derive unit
/// seeds and the ±1 signs of sketches from (seed, global index), so any party computes the same
/// sign for the same amplitude without sharing state.
/// </summary>
public static class SplitMix64
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A value derived from a seed and a stream index, independent across indices.</summary>
    public static ulong Derive(ulong seed, ulong index) => Mix(Mix(seed) ^ Mix(index + 0x632BE59BD9B4E019UL));
}
