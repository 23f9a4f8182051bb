namespace VolunteerQuantum.Grid.Verification;

/// <summary>
/// How far two honest results may drift apart through rounding alone (DESIGN.md, Verification):
/// max(64, 10√G)·ε relative to the state's norm, ε = 2⁻⁵³ for float64 and 2⁻²⁴ for float32,
/// G = gates applied. Rounding errors of G gates add up like a random walk, hence √G; the floor
/// covers short circuits whose few fused kernels still sum many terms per amplitude.
/// </summary>
public static class FloatTolerance
{
    public static double Epsilon(bool singlePrecision) => singlePrecision ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);

    public static double ForGates(int gates, bool singlePrecision) =>
        Math.Max(64, 10 * Math.Sqrt(Math.Max(gates, 1))) * Epsilon(singlePrecision);

    /// <summary>
    /// A sketch Σ rᵢδᵢ of a difference δ has standard deviation ‖δ‖₂ over the random signs; six
    /// standard deviations keep false alarms on honest results negligible.
    /// </summary>
    public const double SketchFactor = 6;
}
