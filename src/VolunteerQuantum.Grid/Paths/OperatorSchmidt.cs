using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// Writes a gate across a bipartition of its qubits as U = Σ_k A_k ⊗ B_k, with A_k acting on the gate's
/// qubits in A and B_k on those in B (each a <see cref="GateOperation"/>, not unitary in general; a
/// 0-qubit scalar where a side acts as a multiple of the identity). Fewest terms wins among the exact
/// splits (<see cref="ControlSplit"/>: controls across the cut, 2 terms; <see cref="DiagonalSplit"/>:
/// diagonal gates) and the numerical one (<see cref="SvdSplit"/>, gates of up to 6 qubits); on a tie the
/// exact split is kept. Every path of a cut circuit multiplies one term per crossing gate, so the
/// number of terms is the cost the cut planner minimises.
/// </summary>
public static class OperatorSchmidt
{
    /// <summary>Largest crossing gate that is neither controlled across the cut nor diagonal.</summary>
    public const int MaxGeneralGateQubits = SvdSplit.MaxQubits;

    /// <param name="isInA">Which side each (logical) qubit of the gate is on.</param>
    /// <param name="tolerance">Singular values below this fraction of the largest are dropped (and diagonals this close merged).</param>
    /// <exception cref="NotSupportedException">A general gate of more than <see cref="MaxGeneralGateQubits"/> qubits crosses the cut.</exception>
    public static IReadOnlyList<(GateOperation A, GateOperation B)> Decompose(GateOperation gate, Func<int, bool> isInA, double tolerance = 1e-12) =>
        TryDecompose(gate, isInA, tolerance)
        ?? throw new NotSupportedException(
            $"gate '{gate.Name}' on {gate.Qubits.Count} qubits crosses the cut but is neither controlled across it nor diagonal, "
            + $"and the operator Schmidt decomposition is limited to {MaxGeneralGateQubits} qubits");

    /// <summary>As <see cref="Decompose"/>, or null where the gate cannot be split.</summary>
    public static IReadOnlyList<(GateOperation A, GateOperation B)>? TryDecompose(GateOperation gate, Func<int, bool> isInA, double tolerance = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(isInA);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var sides = gate.Qubits.Select(isInA).Distinct().ToArray();
        if (sides.Length < 2)
        {
            // One-sided, or a global phase (no qubits), which goes with A.
            var identity = SchmidtTerms.Identity($"{gate.Name}.id");
            return sides.Length == 0 || sides[0] ? [(gate, identity)] : [(identity, gate)];
        }
        IReadOnlyList<(GateOperation A, GateOperation B)>? best = null;
        foreach (var candidate in new[]
        {
            ControlSplit.TryDecompose(gate, isInA),
            DiagonalSplit.TryDecompose(gate, isInA, tolerance),
            SvdSplit.TryDecompose(gate, isInA, tolerance),
        })
        {
            if (candidate is not null && (best is null || candidate.Count < best.Count))
            {
                best = candidate;
            }
        }
        return best;
    }
}
