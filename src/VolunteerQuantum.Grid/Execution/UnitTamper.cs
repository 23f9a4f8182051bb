using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Execution;

/// <summary>
/// A test seam: lets the verifier's tests run a volunteer that lies consistently (its state, and
/// everything derived from it, altered before the outputs are computed). Real volunteers pass none.
/// </summary>
public sealed record UnitTamper
{
    /// <summary>Changes the final state before amplitudes, expectations and sketches are taken from it.</summary>
    public Action<StateVector>? State { get; init; }

    /// <summary>Changes the counts before they are returned.</summary>
    public Func<IReadOnlyDictionary<string, long>, IReadOnlyDictionary<string, long>>? Counts { get; init; }

    /// <summary>Changes the seed a unit is simulated with (a volunteer that draws its own randomness).</summary>
    public Func<ulong, ulong>? Seed { get; init; }
}
