using System.Numerics;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// A gate as a plain matrix over all its qubits, controls included: the qubit order is
/// <see cref="Qubits"/> = targets then controls, so index bit j belongs to Qubits[j]. Splitting a
/// gate across a cut needs this form, because a control on one side and a target on the other is
/// as much an interaction as a two-qubit matrix.
/// </summary>
internal static class GateEmbedding
{
    public static int[] Qubits(GateOperation gate) => [.. gate.Targets, .. gate.Controls];

    /// <summary>The 2^k × 2^k row-major matrix: the gate where the controls match, the identity elsewhere.</summary>
    public static Complex[] FullMatrix(GateOperation gate)
    {
        var t = gate.Targets.Count;
        var k = t + gate.Controls.Count;
        var dim = 1 << k;
        var match = ControlPattern(gate) << t;
        var controlMask = ((1 << k) - 1) ^ ((1 << t) - 1);
        var targetMask = (1 << t) - 1;
        var full = new Complex[dim * dim];
        for (var c = 0; c < dim; c++)
        {
            if ((c & controlMask) != match)
            {
                full[(c * dim) + c] = Complex.One;
                continue;
            }
            for (var tr = 0; tr <= targetMask; tr++)
            {
                full[(((c & controlMask) | tr) * dim) + c] = gate.Matrix[tr, c & targetMask];
            }
        }
        return full;
    }

    /// <summary>The diagonal of a diagonal gate over all its qubits (ones where the controls do not match).</summary>
    public static Complex[] FullDiagonal(GateOperation gate)
    {
        var t = gate.Targets.Count;
        var dim = 1 << (t + gate.Controls.Count);
        var match = ControlPattern(gate);
        var targetMask = (1 << t) - 1;
        var diagonal = new Complex[dim];
        for (var i = 0; i < dim; i++)
        {
            diagonal[i] = i >> t == match ? gate.Matrix[i & targetMask, i & targetMask] : Complex.One;
        }
        return diagonal;
    }

    /// <summary>The control values as bits, control j at bit j.</summary>
    public static int ControlPattern(GateOperation gate)
    {
        var pattern = 0;
        for (var j = 0; j < gate.ControlValues.Count; j++)
        {
            pattern |= gate.ControlValues[j] ? 1 << j : 0;
        }
        return pattern;
    }
}
