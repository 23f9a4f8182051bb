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

    /// <summary>Standard errors of <see cref="Expectations"/> when they are means over noisy trajectories.</summary>
    public IReadOnlyDictionary<string, double>? ExpectationErrors { get; init; }

    /// <summary>Quantum trajectories behind a noisy result; null for an exact (noiseless or density-matrix) one.</summary>
    public long? Trajectories { get; init; }

    /// <summary>
    /// Exact probabilities: the most probable basis states (bitstring, qubit 0 rightmost) of a state vector
    /// without measurements, or, from the density matrix, those of every measured outcome (counts keys).
    /// </summary>
    public IReadOnlyDictionary<string, double>? Probabilities { get; init; }

    /// <summary>Where the final state is (a file written by <c>vq simulate</c>, or a blob on the grid).</summary>
    public string? State { get; init; }
}
