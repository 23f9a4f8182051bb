namespace VolunteerQuantum.Simulation.Observables;

/// <summary>
/// Per-trajectory values of one observable, summed: enough to pool ranges of trajectories computed
/// apart (the grid adds them) and to give the mean with its standard error.
/// </summary>
public readonly record struct ObservableMoments(long Count, double Sum, double SumOfSquares)
{
    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>
    /// Standard error of <see cref="Mean"/>: the sample standard deviation / √Count (0 for one exact value),
    /// from the pooled sums as (Σx² − (Σx)²/n) / (n − 1). That difference cancels: each sum carries a
    /// rounding error up to γₙ = n·u of Σx² (u = 2⁻⁵³, any summation order, so also for sums pooled across
    /// grid units), so its computed value is off by at most (3n + 4)·u·Σx². A difference within that is
    /// indistinguishable from no spread and gives 0, so a constant observable has a standard error of
    /// exactly 0 rather than ~1e-9; any spread above √((3n + 4)·u) ≈ 1.2e-8·√n of the RMS value is kept.
    /// </summary>
    public double StandardError
    {
        get
        {
            if (Count < 2)
            {
                return 0;
            }
            var spread = SumOfSquares - (Sum * Sum / Count);
            var roundOff = ((3.0 * Count) + 4) * UnitRoundOff * SumOfSquares;
            if (!(spread > roundOff))
            {
                return 0;
            }
            return Math.Sqrt(spread / (Count - 1) / Count);
        }
    }

    /// <summary>2⁻⁵³: the relative rounding error of one double operation.</summary>
    private const double UnitRoundOff = 1.1102230246251565e-16;

    public static ObservableMoments operator +(ObservableMoments a, ObservableMoments b) =>
        new(a.Count + b.Count, a.Sum + b.Sum, a.SumOfSquares + b.SumOfSquares);

    /// <summary>One exact value (a noiseless run or the density matrix): no spread.</summary>
    public static ObservableMoments Exact(double value) => new(1, value, value * value);
}
