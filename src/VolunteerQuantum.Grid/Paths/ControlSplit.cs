using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// A controlled gate whose targets all lie on one side and some of whose controls lie on the other:
/// U = P ⊗ U' + (I − P) ⊗ I, where P projects the far-side controls onto their control values and U'
/// is the gate with only its near-side controls. Two terms, exact, however many controls there are.
/// </summary>
internal static class ControlSplit
{
    /// <summary>Largest number of far-side controls whose projector is written as one diagonal matrix.</summary>
    private const int MaxFarControls = GateMatrix.MaxQubits;

    public static IReadOnlyList<(GateOperation A, GateOperation B)>? TryDecompose(GateOperation gate, Func<int, bool> isInA)
    {
        if (gate.Targets.Count == 0)
        {
            return null;
        }
        var targetsInA = isInA(gate.Targets[0]);
        if (gate.Targets.Any(t => isInA(t) != targetsInA))
        {
            return null;
        }
        var far = Enumerable.Range(0, gate.Controls.Count).Where(j => isInA(gate.Controls[j]) != targetsInA).ToArray();
        if (far.Length == 0 || far.Length > MaxFarControls)
        {
            return null;
        }
        var near = Enumerable.Range(0, gate.Controls.Count).Except(far).ToArray();
        var farQubits = far.Select(j => gate.Controls[j]).ToArray();
        var pattern = 0;
        for (var b = 0; b < far.Length; b++)
        {
            pattern |= gate.ControlValues[far[b]] ? 1 << b : 0;
        }
        var match = new Complex[1 << far.Length];
        var rest = new Complex[match.Length];
        for (var i = 0; i < match.Length; i++)
        {
            match[i] = i == pattern ? 1 : 0;
            rest[i] = i == pattern ? 0 : 1;
        }
        var reduced = new GateOperation(gate.Name, gate.Matrix, gate.Targets, near.Select(j => gate.Controls[j]).ToArray(),
            near.Select(j => gate.ControlValues[j]).ToArray(), gate.Parameters);
        (GateOperation, GateOperation)[] terms =
        [
            (reduced, SchmidtTerms.Diagonal($"{gate.Name}.ctl1", match, farQubits)),
            (SchmidtTerms.Identity($"{gate.Name}.id"), SchmidtTerms.Diagonal($"{gate.Name}.ctl0", rest, farQubits)),
        ];
        return SchmidtTerms.Ordered(terms, firstIsA: targetsInA);
    }
}
