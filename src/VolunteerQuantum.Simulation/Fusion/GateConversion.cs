using System.Numerics;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>Turns a circuit gate into its cheapest unfused kernel form.</summary>
internal static class GateConversion
{
    /// <summary>
    /// Diagonal gates become <see cref="FusedGateKind.Diagonal"/> with their controls folded in as qubits
    /// of the diagonal (up to <paramref name="maxDiagonalQubits"/>); a 0-target gate (a phase, possibly
    /// controlled) is a diagonal too; other controlled gates stay <see cref="FusedGateKind.Controlled"/>.
    /// </summary>
    public static FusedGate ToFused(GateOperation gate, int maxDiagonalQubits)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var targets = gate.Targets;
        var controls = gate.Controls;
        var elements = gate.Matrix.Elements;
        var dim = 1 << targets.Count;
        if (gate.IsDiagonal && (controls.Count == 0 || targets.Count + controls.Count <= maxDiagonalQubits))
        {
            var qubits = targets.Concat(controls).ToArray();
            var diagonal = new Complex[1 << qubits.Length];
            var controlPattern = 0;
            for (var i = 0; i < controls.Count; i++)
            {
                controlPattern |= gate.ControlValues[i] ? 1 << i : 0;
            }
            for (var m = 0; m < diagonal.Length; m++)
            {
                var t = m & (dim - 1);
                diagonal[m] = m >> targets.Count == controlPattern ? elements[(t * dim) + t] : Complex.One;
            }
            return new FusedGate(FusedGateKind.Diagonal, qubits, diagonal);
        }
        return controls.Count == 0
            ? new FusedGate(FusedGateKind.Dense, targets, elements.ToArray())
            : new FusedGate(FusedGateKind.Controlled, targets, elements.ToArray(), controls, gate.ControlValues);
    }
}
