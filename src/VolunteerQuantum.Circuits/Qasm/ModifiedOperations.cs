using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// The effect of OpenQASM 3 modifiers on an already expanded gate: ctrl adds controls to every
/// operation (C(AB) = C(A)·C(B)), inv reverses the list and takes adjoints, pow multiplies.
/// </summary>
internal static class ModifiedOperations
{
    /// <summary>
    /// Adds controls to one operation. A global phase (no qubits) under control is a phase gate on one
    /// control: ctrl @ gphase(a) = U(0, 0, a), negctrl @ gphase(a) = diag(e^{ia}, 1).
    /// </summary>
    public static Operation AddControls(Operation operation, IReadOnlyList<int> controls, bool value, string modifierText)
    {
        if (operation is not GateOperation gate)
        {
            return operation;
        }
        if (gate.Targets.Count == 0 && gate.Controls.Count == 0)
        {
            var phase = gate.Matrix[0, 0];
            var target = controls[^1];
            var matrix = value ? GateMatrix.Diagonal([1, phase]) : GateMatrix.Diagonal([phase, 1]);
            var rest = controls.Take(controls.Count - 1).ToArray();
            return new GateOperation($"{modifierText} @ {gate.Name}", matrix, [target], rest, Enumerable.Repeat(value, rest.Length).ToArray(), gate.Parameters);
        }
        return new GateOperation(
            $"{modifierText} @ {gate.Name}",
            gate.Matrix,
            gate.Targets,
            controls.Concat(gate.Controls).ToArray(),
            Enumerable.Repeat(value, controls.Count).Concat(gate.ControlValues).ToArray(),
            gate.Parameters);
    }

    public static Operation Invert(Operation operation) => operation is GateOperation gate
        ? WithMatrix(gate, gate.Matrix.Adjoint(), $"inv @ {gate.Name}")
        : operation;

    public static GateOperation WithMatrix(GateOperation gate, GateMatrix matrix, string name) =>
        new(name, matrix, gate.Targets, gate.Controls, gate.ControlValues, gate.Parameters);

    /// <summary>
    /// Folds global-phase operations (no qubits) into the one other gate of <paramref name="operations"/>,
    /// so that pow(k) can act on a single matrix; null when the list is not of that shape.
    /// </summary>
    public static GateOperation? SingleGate(IReadOnlyList<Operation> operations)
    {
        var gates = operations.OfType<GateOperation>().ToArray();
        var phases = gates.Where(g => g.Qubits.Count == 0).ToArray();
        var others = gates.Where(g => g.Qubits.Count > 0).ToArray();
        if (others.Length > 1 || (others.Length == 0 && phases.Length == 0))
        {
            return null;
        }
        if (others.Length == 0)
        {
            var product = phases.Aggregate(Complex.One, (p, g) => p * g.Matrix[0, 0]);
            return new GateOperation(phases[0].Name, new GateMatrix(0, [product]), []);
        }
        var single = others[0];
        if (phases.Length == 0)
        {
            return single;
        }
        if (single.Controls.Count > 0)
        {
            return null;
        }
        var factor = phases.Aggregate(Complex.One, (p, g) => p * g.Matrix[0, 0]);
        return WithMatrix(single, single.Matrix.Scale(factor), single.Name);
    }
}
