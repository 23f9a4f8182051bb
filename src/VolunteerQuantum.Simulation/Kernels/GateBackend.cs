using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>Prepares fused gates as kernel plans for one register width and precision.</summary>
internal abstract class GateBackend<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public abstract KernelWidth Width { get; }

    /// <summary>Builds the plan for <paramref name="gate"/> on a state of <paramref name="qubits"/> local qubits.</summary>
    public abstract KernelPlan<T> Prepare(FusedGate gate, int qubits);

    /// <summary>Prepares and applies in one go (for one-off gates).</summary>
    public void Apply(StateVector<T> state, FusedGate gate, int threads)
    {
        ArgumentNullException.ThrowIfNull(state);
        Prepare(gate, state.LocalQubits).Apply(state, threads);
    }
}
