namespace VolunteerQuantum.Simulation.Observables;

/// <summary>
/// Per-trajectory values of one observable, summed: enough to pool ranges of trajectories computed
/// apart (the grid adds them) and to give the mean with its standard error.
/// </summary>
public readonly record struct ObservableMoments(long Count, double Sum, double SumOfSquares)
{
    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Standard error of <see cref="Mean"/>: the sample standard deviation / √Count (0 for one exact value).</summary>
    public double StandardError
    {
        get
        {
            if (Count < 2)
            {
                return 0;
            }
            var variance = Math.Max(0, (SumOfSquares - (Sum * Sum / Count)) / (Count - 1));
            return Math.Sqrt(variance / Count);
        }
    }

    public static ObservableMoments operator +(ObservableMoments a, ObservableMoments b) =>
        new(a.Count + b.Count, a.Sum + b.Sum, a.SumOfSquares + b.SumOfSquares);

    /// <summary>One exact value (a noiseless run or the density matrix): no spread.</summary>
    public static ObservableMoments Exact(double value) => new(1, value, value * value);
}
