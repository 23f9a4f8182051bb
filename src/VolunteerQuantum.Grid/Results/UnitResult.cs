using System.Numerics;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Grid.Results;

/// <summary>What one replica of a work unit returned (the small part; a state travels as a blob).</summary>
public sealed record UnitResult
{
    /// <summary>Counts by Qiskit memory string.</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    /// <summary>Requested amplitudes by bitstring (qubit 0 rightmost).</summary>
    public IReadOnlyDictionary<string, Complex> Amplitudes { get; init; } = new Dictionary<string, Complex>();

    /// <summary>Expectation values by observable text.</summary>
    public IReadOnlyDictionary<string, double> Expectations { get; init; } = new Dictionary<string, double>();

    /// <summary>Noisy units: per observable text, the moments of its per-trajectory values over the unit's range.</summary>
    public IReadOnlyDictionary<string, ObservableMoments> Moments { get; init; } = new Dictionary<string, ObservableMoments>();

    /// <summary>Random-sign sketches of the unit's state, one per sketch seed the replica was sent.</summary>
    public IReadOnlyList<Complex> Sketches { get; init; } = [];

    /// <summary>The seed slot <see cref="Sketches"/> were computed with (−1: not slotted).</summary>
    public int SketchSlot { get; init; } = -1;

    /// <summary>
    /// For an uploaded state: the coordinator's own sketches of the bytes received, one list per
    /// seed slot of the unit, including slots whose seeds the uploader never saw.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Complex>> SlotSketches { get; init; } = [];

    /// <summary>Σ|ψᵢ|² of the unit's state (NaN when no state was computed).</summary>
    public double NormSquared { get; init; } = double.NaN;

    /// <summary>SHA-256 of the uploaded state blob, when this replica uploaded one.</summary>
    public string? StateBlob { get; init; }

    public long StateLength { get; init; }

    /// <summary>"c16" or "c8".</summary>
    public string? StateFormat { get; init; }

    /// <summary>Paths units: Σ over paths and amplitudes of |a_A·a_B|, the scale of their rounding error.</summary>
    public double PathAbsSum { get; init; }

    public long GatesApplied { get; init; }

    public double ComputeSeconds { get; init; }
}
