namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// A cut's cost, compared lexicographically: first the gates it cannot split (any such cut is
/// unusable), then log2 of its number of paths.
/// </summary>
internal readonly record struct CutScore(int Unsplittable, double Log2Paths)
{
    /// <summary>Differences in log2 smaller than this are rounding, not an improvement.</summary>
    private const double Epsilon = 1e-9;

    public static CutScore Zero => new(0, 0);

    public bool IsFeasible => Unsplittable == 0;

    public static CutScore operator +(CutScore a, CutScore b) => new(a.Unsplittable + b.Unsplittable, a.Log2Paths + b.Log2Paths);

    public static CutScore operator -(CutScore a, CutScore b) => new(a.Unsplittable - b.Unsplittable, a.Log2Paths - b.Log2Paths);

    /// <summary>Strictly cheaper than <paramref name="other"/>.</summary>
    public bool IsBetterThan(CutScore other) =>
        Unsplittable < other.Unsplittable || (Unsplittable == other.Unsplittable && Log2Paths < other.Log2Paths - Epsilon);
}
