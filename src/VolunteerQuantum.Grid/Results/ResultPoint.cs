using System.Numerics;

namespace VolunteerQuantum.Grid.Results;

/// <summary>The outputs for one parameter point (the only point when nothing is swept).</summary>
public sealed record ResultPoint
{
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    public long Shots { get; init; }

    /// <summary>Counts by Qiskit memory string; null when no shots were asked for.</summary>
    public IReadOnlyDictionary<string, long>? Counts { get; init; }

    public IReadOnlyDictionary<string, Complex>? Amplitudes { get; init; }

    public IReadOnlyDictionary<string, double>? Expectations { get; init; }

    /// <summary>Noisy runs: trajectories simulated (0: an ideal or exact run).</summary>
    public long Trajectories { get; init; }

    /// <summary>Noisy runs: the standard error of each of <see cref="Expectations"/> over the trajectories.</summary>
    public IReadOnlyDictionary<string, double>? ExpectationErrors { get; init; }

    /// <summary>The most probable basis states (bitstring, qubit 0 rightmost), when shown instead of counts.</summary>
    public IReadOnlyDictionary<string, double>? Probabilities { get; init; }

    /// <summary>Where the final state is (a file written by <c>vq simulate</c>, or a blob on the grid).</summary>
    public string? State { get; init; }
}
