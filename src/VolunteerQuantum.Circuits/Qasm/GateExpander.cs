using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// Expands one gate call, with its modifiers, into primitive <see cref="GateOperation"/>s on global
/// qubits. Standard gates become their closed-form matrices; user gates are expanded from their
/// bodies (never multiplied into one large matrix); opaque gates are an error.
/// </summary>
internal sealed class GateExpander
{
    private readonly bool _openQasm3;
    private readonly int _maxOperations;
    private long _created;

    public GateExpander(bool openQasm3, int maxOperations)
    {
        _openQasm3 = openQasm3;
        _maxOperations = maxOperations;
    }

    /// <summary>Evaluates modifier arguments (pow may use gate parameters; control counts are constants).</summary>
    public IReadOnlyList<ModifierValue> EvaluateModifiers(IReadOnlyList<GateModifier> modifiers, EvaluationScope scope)
    {
        if (modifiers.Count == 0)
        {
            return [];
        }
        var constants = new EvaluationScope(new Dictionary<string, double>(), _openQasm3);
        return modifiers.Select(m => m.Kind switch
        {
            ModifierKind.Control or ModifierKind.NegativeControl => new ModifierValue(m.Kind, GateCompiler.ControlCount(m, constants), 0),
            ModifierKind.Power => new ModifierValue(m.Kind, 0, ExpressionEvaluator.Evaluate(m.Argument!, scope)),
            _ => new ModifierValue(m.Kind, 0, 0),
        }).ToArray();
    }

    public void Expand(
        GateSymbol gate,
        IReadOnlyList<ModifierValue> modifiers,
        IReadOnlyList<double> parameters,
        IReadOnlyList<int> qubits,
        SourceLocation location,
        List<Operation> output) =>
        ExpandModified(gate, modifiers, 0, parameters, qubits, location, output);

    private void ExpandModified(
        GateSymbol gate,
        IReadOnlyList<ModifierValue> modifiers,
        int next,
        IReadOnlyList<double> parameters,
        IReadOnlyList<int> qubits,
        SourceLocation location,
        List<Operation> output)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new QasmException(location, "gate definitions are nested too deeply");
        }
        if (next == modifiers.Count)
        {
            ExpandBase(gate, parameters, qubits, location, output);
            return;
        }
        var modifier = modifiers[next];
        var inner = new List<Operation>();
        switch (modifier.Kind)
        {
            case ModifierKind.Control:
            case ModifierKind.NegativeControl:
                var controls = qubits.Take(modifier.Controls).ToArray();
                ExpandModified(gate, modifiers, next + 1, parameters, qubits.Skip(modifier.Controls).ToArray(), location, inner);
                var positive = modifier.Kind == ModifierKind.Control;
                var text = (positive ? "ctrl" : "negctrl") + (modifier.Controls == 1 ? "" : $"({modifier.Controls})");
                AddAll(output, inner.Select(o => ModifiedOperations.AddControls(o, controls, positive, text)), location);
                break;
            case ModifierKind.Inverse:
                ExpandModified(gate, modifiers, next + 1, parameters, qubits, location, inner);
                inner.Reverse();
                AddAll(output, inner.Select(ModifiedOperations.Invert), location);
                break;
            default:
                ExpandModified(gate, modifiers, next + 1, parameters, qubits, location, inner);
                Power(inner, modifier.Exponent, location, output);
                break;
        }
    }

    private void Power(List<Operation> inner, double exponent, SourceLocation location, List<Operation> output)
    {
        if (inner.Count == 0)
        {
            return;
        }
        var text = $"pow({exponent.ToString("R", CultureInfo.InvariantCulture)})";
        var single = ModifiedOperations.SingleGate(inner);
        var isInteger = exponent == Math.Floor(exponent) && Math.Abs(exponent) <= long.MaxValue / 2.0;
        if (single is not null)
        {
            GateMatrix matrix;
            if (isInteger)
            {
                matrix = GatePower.Repeated(single.Matrix, (long)exponent);
            }
            else if (!GatePower.TryReal(single.Matrix, exponent, out matrix))
            {
                throw new QasmException(location, $"{text} with a non-integer power needs a gate that is one diagonal or one-qubit operation");
            }
            AddAll(output, [ModifiedOperations.WithMatrix(single, matrix, $"{text} @ {single.Name}")], location);
            return;
        }
        if (!isInteger)
        {
            throw new QasmException(location, $"{text} with a non-integer power needs a gate that is one diagonal or one-qubit operation");
        }
        IEnumerable<Operation> once = exponent < 0 ? Enumerable.Reverse(inner).Select(ModifiedOperations.Invert).ToArray() : inner;
        for (long i = 0; i < Math.Abs((long)exponent); i++)
        {
            AddAll(output, once, location);
        }
    }

    private void ExpandBase(GateSymbol gate, IReadOnlyList<double> parameters, IReadOnlyList<int> qubits, SourceLocation location, List<Operation> output)
    {
        switch (gate.Kind)
        {
            case GateKind.U:
                var u = StandardGates.U(parameters[0], parameters[1], parameters[2]);
                // OpenQASM 3's U is e^{iθ/2} times OpenQASM 2's (the spec made it 2π-periodic in θ).
                var matrix = _openQasm3 ? u.Scale(Complex.FromPolarCoordinates(1, parameters[0] / 2)) : u;
                Add(output, new GateOperation("U", matrix, [qubits[0]], parameters: parameters), location);
                break;
            case GateKind.CX:
                Add(output, new GateOperation("CX", StandardGates.X, [qubits[1]], [qubits[0]]), location);
                break;
            case GateKind.GlobalPhase:
                Add(output, new GateOperation("gphase", StandardGates.GlobalPhase(parameters[0]), [], parameters: parameters), location);
                break;
            case GateKind.Standard:
                var standard = gate.Standard!.Create(parameters);
                var controls = qubits.Take(standard.ControlCount).ToArray();
                var targets = qubits.Skip(standard.ControlCount).ToArray();
                Add(output, new GateOperation(gate.Name, standard.Matrix, targets, controls, parameters: parameters), location);
                break;
            case GateKind.Defined:
                ExpandBody(gate, parameters, qubits, output);
                break;
            default:
                throw new QasmException(location, $"opaque gate '{gate.Name}' has no definition and cannot be simulated");
        }
    }

    private void ExpandBody(GateSymbol gate, IReadOnlyList<double> parameters, IReadOnlyList<int> qubits, List<Operation> output)
    {
        var variables = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            variables[gate.ParameterNames[i]] = parameters[i];
        }
        var scope = new EvaluationScope(variables, _openQasm3);
        foreach (var operation in gate.Body)
        {
            var mapped = operation.Qubits.Select(i => qubits[i]).ToArray();
            if (operation.Gate is null)
            {
                Add(output, new BarrierOperation(mapped), operation.Location);
                continue;
            }
            var values = operation.Parameters.Select(e => ExpressionEvaluator.Evaluate(e, scope)).ToArray();
            var modifiers = EvaluateModifiers(operation.Modifiers, scope);
            ExpandModified(operation.Gate, modifiers, 0, values, mapped, operation.Location, output);
        }
    }

    private void AddAll(List<Operation> output, IEnumerable<Operation> operations, SourceLocation location)
    {
        foreach (var operation in operations)
        {
            Add(output, operation, location);
        }
    }

    private void Add(List<Operation> output, Operation operation, SourceLocation location)
    {
        if (++_created > _maxOperations)
        {
            throw new QasmException(location, $"the circuit expands to more than {_maxOperations:N0} operations (the limit guards against definitions that grow exponentially; vq simulate --max-operations raises it)");
        }
        output.Add(operation);
    }
}
