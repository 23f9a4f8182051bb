using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// Turns a <c>gate</c>/<c>opaque</c> declaration into a <see cref="GateSymbol"/>, checking its body
/// once, at declaration: every call names an earlier gate with the right number of parameters and
/// qubits, uses only the gate's own qubit arguments (unindexed, distinct) and its own parameters.
/// Expanding a call later can then fail only on an opaque gate or on the size limits.
/// </summary>
internal static class GateCompiler
{
    /// <summary>
    /// Adds a gate definition to <paramref name="gates"/>: built-ins cannot be redefined (a library's own
    /// copy of one is skipped), a user gate may shadow a library gate (with a warning), never another.
    /// </summary>
    public static void Define(GateDeclaration declaration, Dictionary<string, GateSymbol> gates, List<string> warnings, bool openQasm3)
    {
        if (gates.TryGetValue(declaration.Name, out var existing))
        {
            if (existing.Kind is GateKind.U or GateKind.CX or GateKind.GlobalPhase)
            {
                if (declaration.Library is not null)
                {
                    // stdgates.inc's CX in an OpenQASM 2 program: the built-in CX already means that.
                    return;
                }
                throw new QasmException(declaration.NameLocation, $"cannot redefine built-in gate '{declaration.Name}'");
            }
            if (existing.Library is null)
            {
                throw new QasmException(declaration.NameLocation, $"duplicate declaration of '{declaration.Name}'");
            }
            warnings.Add($"{declaration.NameLocation}: warning: gate '{declaration.Name}' shadows the gate of the same name from built-in {existing.Library}");
        }
        gates[declaration.Name] = Compile(declaration, gates, openQasm3);
    }

    public static GateSymbol Compile(GateDeclaration declaration, IReadOnlyDictionary<string, GateSymbol> gates, bool openQasm3)
    {
        var parameterNames = DistinctNames(declaration.Parameters, declaration.Name, "parameter");
        var qubitNames = DistinctNames(declaration.Qubits, declaration.Name, "qubit argument");
        if (declaration.Qubits.Count == 0)
        {
            throw new QasmException(declaration.NameLocation, $"gate '{declaration.Name}' has no qubit arguments");
        }
        if (declaration.Library is not null)
        {
            return Standard(declaration);
        }
        if (declaration.Body is null)
        {
            return new GateSymbol(declaration.Name, GateKind.Opaque, declaration.Parameters.Count, declaration.Qubits.Count);
        }
        var parameterSet = parameterNames.ToHashSet(StringComparer.Ordinal);
        var body = declaration.Body.Select(s => CompileStatement(s, declaration, gates, parameterSet, qubitNames, openQasm3)).ToArray();
        return new GateSymbol(declaration.Name, GateKind.Defined, declaration.Parameters.Count, declaration.Qubits.Count)
        {
            ParameterNames = parameterNames,
            Body = body,
        };
    }

    /// <summary>
    /// Qubits a call must name: its gate's plus one per control added by ctrl/negctrl modifiers,
    /// whose counts must be positive constant integers.
    /// </summary>
    public static int ExpectedQubits(GateSymbol gate, IReadOnlyList<GateModifier> modifiers, bool openQasm3)
    {
        var constants = new EvaluationScope(new Dictionary<string, double>(), openQasm3);
        long total = gate.QubitCount;
        foreach (var modifier in modifiers)
        {
            if (modifier.Kind is ModifierKind.Control or ModifierKind.NegativeControl)
            {
                total += ControlCount(modifier, constants);
            }
        }
        return (int)Math.Min(total, int.MaxValue);
    }

    public static int ControlCount(GateModifier modifier, EvaluationScope constants)
    {
        if (modifier.Argument is null)
        {
            return 1;
        }
        var count = ExpressionEvaluator.EvaluateInteger(modifier.Argument, constants, "the number of controls");
        if (count < 1 || count > 64)
        {
            throw new QasmException(modifier.Argument.Location, $"the number of controls must be between 1 and 64, got {count}");
        }
        return (int)count;
    }

    private static GateSymbol Standard(GateDeclaration declaration)
    {
        var library = StandardGateLibrary.ForInclude(declaration.Library!);
        if (library is null || !library.TryGet(declaration.Name, out var definition)
            || definition.ParameterCount != declaration.Parameters.Count || definition.QubitCount != declaration.Qubits.Count)
        {
            // The embedded include and the closed-form library are maintained together; tests check both.
            throw new InvalidOperationException($"built-in {declaration.Library} gate '{declaration.Name}' has no matching closed-form definition");
        }
        return new GateSymbol(declaration.Name, GateKind.Standard, definition.ParameterCount, definition.QubitCount)
        {
            Library = declaration.Library,
            Standard = definition,
        };
    }

    private static BodyOperation CompileStatement(
        Statement statement,
        GateDeclaration declaration,
        IReadOnlyDictionary<string, GateSymbol> gates,
        IReadOnlySet<string> parameters,
        string[] qubitNames,
        bool openQasm3)
    {
        switch (statement)
        {
            case BarrierStatement barrier:
                var barrierQubits = barrier.Qubits.Count == 0
                    ? Enumerable.Range(0, qubitNames.Length).ToArray()
                    : barrier.Qubits.Select(q => QubitIndex(q, declaration.Name, qubitNames)).Distinct().ToArray();
                return new BodyOperation(barrier.Location, null, [], [], barrierQubits);
            case GateCallStatement call:
                return CompileCall(call, declaration, gates, parameters, qubitNames, openQasm3);
            default:
                throw new QasmException(statement.Location, "only gate calls and barriers are allowed in a gate body");
        }
    }

    private static BodyOperation CompileCall(
        GateCallStatement call,
        GateDeclaration declaration,
        IReadOnlyDictionary<string, GateSymbol> gates,
        IReadOnlySet<string> parameters,
        string[] qubitNames,
        bool openQasm3)
    {
        if (!gates.TryGetValue(call.Name, out var gate))
        {
            throw new QasmException(call.NameLocation, call.Name == declaration.Name
                ? $"gate '{call.Name}' cannot call itself"
                : $"undefined gate '{call.Name}'");
        }
        CheckArity(gate, call, openQasm3);
        foreach (var expression in call.Parameters)
        {
            ExpressionEvaluator.CheckNames(expression, parameters, openQasm3);
        }
        foreach (var modifier in call.Modifiers.Where(m => m.Argument is not null))
        {
            ExpressionEvaluator.CheckNames(modifier.Argument!, parameters, openQasm3);
        }
        var qubits = call.Qubits.Select(q => QubitIndex(q, declaration.Name, qubitNames)).ToArray();
        for (var i = 1; i < qubits.Length; i++)
        {
            if (Array.IndexOf(qubits, qubits[i], 0, i) >= 0)
            {
                throw new QasmException(call.Qubits[i].Location, $"repeated qubit {call.Qubits[i].Name} in gate arguments");
            }
        }
        return new BodyOperation(call.Location, gate, call.Modifiers, call.Parameters, qubits);
    }

    /// <summary>Checks a call's parameter and qubit counts against its gate and modifiers.</summary>
    public static void CheckArity(GateSymbol gate, GateCallStatement call, bool openQasm3)
    {
        if (call.Parameters.Count != gate.ParameterCount)
        {
            throw new QasmException(call.NameLocation,
                $"gate '{gate.Name}' expects {Plural(gate.ParameterCount, "parameter")}, got {call.Parameters.Count}");
        }
        var expected = ExpectedQubits(gate, call.Modifiers, openQasm3);
        if (call.Qubits.Count != expected)
        {
            var what = call.Modifiers.Count == 0 ? $"gate '{gate.Name}'" : $"gate '{gate.Name}' with its modifiers";
            throw new QasmException(call.NameLocation, $"{what} expects {Plural(expected, "qubit argument")}, got {call.Qubits.Count}");
        }
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static int QubitIndex(Operand operand, string gateName, string[] qubitNames)
    {
        if (operand.Index is not null)
        {
            throw new QasmException(operand.Location, $"indexed qubit '{operand.Name}[...]' is not allowed in a gate body; use the gate's qubit arguments");
        }
        var index = Array.IndexOf(qubitNames, operand.Name);
        return index >= 0
            ? index
            : throw new QasmException(operand.Location, $"'{operand.Name}' is not a qubit argument of gate '{gateName}'");
    }

    private static string[] DistinctNames(IReadOnlyList<Operand> names, string gateName, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name.Name))
            {
                throw new QasmException(name.Location, $"duplicate {what} '{name.Name}' in gate '{gateName}'");
            }
        }
        return names.Select(n => n.Name).ToArray();
    }
}
