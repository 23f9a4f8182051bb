using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Execution;

/// <summary>
/// Where a resumed run starts: a saved state after <see cref="FusedOperationsDone"/> of
/// <see cref="FusedOperationsTotal"/> fused operations. The engine allocates the state itself (under its
/// own memory budget) and asks <see cref="Load"/> to fill it, so no second copy of the state is needed.
/// </summary>
public sealed record SimulationResume
{
    /// <summary>Fused operations the saved state already went through (a value a checkpoint reported).</summary>
    public required int FusedOperationsDone { get; init; }

    /// <summary>
    /// The total the checkpoint reported: a different total means the circuit or the fusion settings
    /// differ from the saved run, and the run refuses to resume instead of computing something else.
    /// </summary>
    public required int FusedOperationsTotal { get; init; }

    /// <summary>Fills the freshly allocated state (same qubits and precision as the run) with the saved amplitudes.</summary>
    public required Action<StateVector> Load { get; init; }
}
