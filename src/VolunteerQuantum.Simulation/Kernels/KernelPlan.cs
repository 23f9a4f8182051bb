using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// One gate prepared for one register width and precision: coefficient tables, offsets and the group
/// enumeration are computed once, so applying it (possibly many times, e.g. per branch) allocates nothing.
/// </summary>
internal abstract unsafe class KernelPlan<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Local qubits of the states this plan was prepared for: applying it to another size would write out of bounds.</summary>
    public abstract int Qubits { get; }

    /// <summary>Independent work items (register groups, or registers) the threads split.</summary>
    public abstract long Items { get; }

    /// <summary>Amplitudes one item touches (to decide whether threading pays).</summary>
    public abstract long AmplitudesPerItem { get; }

    /// <summary>Applies the gate to items [start, end) of the state at <paramref name="state"/>.</summary>
    public abstract void Execute(T* state, long start, long end);

    public void Apply(StateVector<T> state, int threads)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.LocalQubits != Qubits)
        {
            throw new ArgumentException($"plan prepared for {Qubits} qubits applied to a {state.LocalQubits}-qubit state", nameof(state));
        }
        ParallelRange.Run(threads, Items, AmplitudesPerItem, new PlanJob<T>(this, state.Data));
    }
}
