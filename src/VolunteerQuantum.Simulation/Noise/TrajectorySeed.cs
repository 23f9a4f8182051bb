namespace VolunteerQuantum.Simulation.Noise;

/// <summary>
/// The random stream of one trajectory, from (run seed, trajectory index) alone: a unit that computes
/// trajectories 800–899 draws exactly what the whole run draws for them.
/// </summary>
internal static class TrajectorySeed
{
    public static ulong Of(ulong seed, long trajectory)
    {
        // SplitMix64's finaliser over the pair: neighbouring indices give unrelated streams.
        var z = seed + (0x9E3779B97F4A7C15UL * ((ulong)trajectory + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Shots of trajectory <paramref name="trajectory"/>: an even split, the first Shots mod N taking one more.</summary>
    public static long ShotsOf(long trajectory, long shots, long trajectories) =>
        (shots / trajectories) + (trajectory < shots % trajectories ? 1 : 0);
}
