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

    /// <summary>The most probable basis states (bitstring, qubit 0 rightmost), when shown instead of counts.</summary>
    public IReadOnlyDictionary<string, double>? Probabilities { get; init; }

    /// <summary>Where the final state is (a file written by <c>vq simulate</c>, or a blob on the grid).</summary>
    public string? State { get; init; }
}
