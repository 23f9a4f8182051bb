using System.Numerics;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// Turns a circuit and a cut into a <see cref="PathProgram"/>. Gates stay in strict circuit order on
/// each half (no commuting past a cut gate): each crossing gate ends a segment on both halves and
/// contributes its operator Schmidt terms. A global phase goes to half A. Everything is renumbered to
/// the halves' local qubits here, once, so volunteers run the gate lists as they come.
/// </summary>
internal static class PathProgramBuilder
{
    public static PathProgram Build(Circuit circuit, CutPlan plan)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(plan);
        var gates = UnitaryGates.Of(circuit)
            ?? throw new ArgumentException("paths need a unitary circuit (only terminal measurements); this one is dynamic", nameof(circuit));
        var n = circuit.QubitCount;
        var inA = new bool[n];
        var local = new int[n];
        if (plan.QubitsA.Concat(plan.QubitsB).Order().SequenceEqual(Enumerable.Range(0, n)) is false)
        {
            throw new ArgumentException($"the plan does not split the circuit's {n} qubits", nameof(plan));
        }
        for (var i = 0; i < plan.QubitsA.Count; i++)
        {
            inA[plan.QubitsA[i]] = true;
            local[plan.QubitsA[i]] = i;
        }
        for (var i = 0; i < plan.QubitsB.Count; i++)
        {
            local[plan.QubitsB[i]] = i;
        }
        var a = new PathHalfBuilder();
        var b = new PathHalfBuilder();
        foreach (var gate in gates)
        {
            var sides = gate.Qubits.Select(q => inA[q]).Distinct().ToArray();
            if (sides.Length < 2)
            {
                (sides.Length == 0 || sides[0] ? a : b).Segment.Add(Renumber(gate, local));
                continue;
            }
            var terms = OperatorSchmidt.Decompose(gate, q => inA[q], CutPlanner.Tolerance);
            a.Cut(terms.Select(t => Term(t.A, local)));
            b.Cut(terms.Select(t => Term(t.B, local)));
        }
        return new PathProgram(n, a.Build(plan.QubitsA), b.Build(plan.QubitsB));
    }

    /// <summary>A term's gates on the half: none for the identity.</summary>
    private static GateOperation[] Term(GateOperation op, int[] local) =>
        op.Qubits.Count == 0 && op.Matrix[0, 0] == Complex.One ? [] : [Renumber(op, local)];

    private static GateOperation Renumber(GateOperation g, int[] local) =>
        new(g.Name, g.Matrix, g.Targets.Select(q => local[q]).ToArray(), g.Controls.Select(q => local[q]).ToArray(), g.ControlValues, g.Parameters);
}
