using System.Numerics;
using VolunteerQuantum.Simulation.Fusion;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>The backend for one register type: maps each gate kind onto its kernel family.</summary>
internal sealed class GateBackend<T, TVec, TOps>(KernelWidth width) : GateBackend<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : unmanaged
    where TOps : struct, ILaneOps<T, TVec>
{
    /// <summary>A diagonal's table holds 2^k entries: beyond this it would not fit a cache.</summary>
    private const int MaxDiagonalQubits = 16;

    /// <summary>
    /// Fusion stops at <see cref="FusionOptions.MaxSupportedFusedQubits"/>; a single user gate may be as large as the
    /// model allows (its 2^k permuted inputs live in a stack scratch area: 128 KiB at k = 10).
    /// </summary>
    private const int MaxDenseQubits = VolunteerQuantum.Circuits.Gates.GateMatrix.MaxQubits;

    public override KernelWidth Width { get; } = width;

    public override KernelPlan<T> Prepare(FusedGate gate, int qubits)
    {
        ArgumentNullException.ThrowIfNull(gate);
        foreach (var q in gate.Qubits)
        {
            if (q < 0 || q >= qubits)
            {
                throw new ArgumentOutOfRangeException(nameof(gate), $"gate {gate} uses qubit {q} of a {qubits}-qubit state");
            }
        }
        if (gate.Kind != FusedGateKind.Diagonal && gate.Targets.Count > MaxDenseQubits)
        {
            throw new NotSupportedException($"dense gates on more than {MaxDenseQubits} targets are not supported ({gate})");
        }
        if (gate.Kind == FusedGateKind.Diagonal && gate.Targets.Count > MaxDiagonalQubits)
        {
            throw new NotSupportedException($"diagonals on more than {MaxDiagonalQubits} qubits are not supported ({gate})");
        }
        var matrix = gate.Matrix is Complex[] array ? array : gate.Matrix.ToArray();
        return gate.Kind switch
        {
            FusedGateKind.Diagonal => new DiagonalPlan<T, TVec, TOps>(qubits, gate.Targets, matrix),
            FusedGateKind.Controlled => ControlledKernel.Prepare<T, TVec, TOps>(qubits, gate),
            _ => new DensePlan<T, TVec, TOps>(qubits, gate.Targets, matrix, [], []),
        };
    }
}
