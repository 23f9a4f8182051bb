using System.Numerics;
using VolunteerQuantum.Simulation.Fusion;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Controlled dense gates with any number of controls and any control values (|1⟩ or |0⟩). Controls
/// above the lane bits pin their bits in the group enumeration, so only the matching 2^-c of the state
/// is read and written at all (a c4x touches 1/16 of memory); controls inside a register turn into
/// identity coefficients on the non-matching lanes. The sweep itself is the dense kernel for the
/// target count (one-, two- or multi-qubit).
/// </summary>
internal static class ControlledKernel
{
    public static KernelPlan<T> Prepare<T, TVec, TOps>(int qubits, FusedGate gate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        ArgumentNullException.ThrowIfNull(gate);
        var matrix = gate.Matrix as Complex[] ?? gate.Matrix.ToArray();
        return new DensePlan<T, TVec, TOps>(qubits, gate.Targets, matrix, gate.Controls, gate.ControlValues);
    }
}
