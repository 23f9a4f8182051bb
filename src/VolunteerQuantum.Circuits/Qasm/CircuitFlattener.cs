using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// Walks a parsed program in order — declarations, gate definitions, includes, operations — and
/// produces the flattened <see cref="Circuit"/>: every operation on global qubit and clbit indices,
/// register broadcasts expanded, user gates expanded to primitive gates.
/// </summary>
internal sealed class CircuitFlattener
{
    private readonly QasmParseOptions _options;
    private readonly SourceUnit _main;
    private readonly IncludeLoader _includes;
    private readonly RegisterTable _registers = new();
    private readonly Dictionary<string, GateSymbol> _gates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtInsIncluded = new(StringComparer.Ordinal);
    private readonly List<Operation> _operations = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _inputNames = [];
    private readonly Dictionary<string, double> _inputValues = new(StringComparer.Ordinal);
    private readonly GateExpander _expander;
    private readonly EvaluationScope _scope;
    private readonly bool _openQasm3;

    public CircuitFlattener(SourceUnit main, QasmParseOptions options, Func<string, string> reader)
    {
        _main = main;
        _options = options;
        _openQasm3 = main.Version >= 3;
        _includes = new IncludeLoader(reader, main.File);
        _expander = new GateExpander(_openQasm3, options.MaxOperations);
        _scope = new EvaluationScope(_inputValues, _openQasm3);
        _gates["U"] = new GateSymbol("U", GateKind.U, 3, 1);
        if (_openQasm3)
        {
            _gates["gphase"] = new GateSymbol("gphase", GateKind.GlobalPhase, 1, 0);
        }
        else
        {
            _gates["CX"] = new GateSymbol("CX", GateKind.CX, 0, 2);
        }
    }

    public Circuit Flatten()
    {
        if (!_main.HasHeader)
        {
            _warnings.Add($"{_main.File}:1:1: warning: no 'OPENQASM' header; reading the file as OpenQASM 2.0");
        }
        ProcessUnit(_main);
        CheckBindings();
        return new Circuit(_registers.Quantum.ToArray(), _registers.Classical.ToArray(), _operations.ToArray(), _warnings.ToArray(), _inputNames.ToArray());
    }

    private void ProcessUnit(SourceUnit unit)
    {
        foreach (var statement in unit.Statements)
        {
            switch (statement)
            {
                case IncludeStatement include:
                    Include(include, unit.File);
                    break;
                case RegisterDeclaration declaration:
                    _registers.Declare(declaration);
                    break;
                case InputDeclaration input:
                    DeclareInput(input);
                    break;
                case GateDeclaration gate:
                    Define(gate);
                    break;
                default:
                    Emit(statement, _operations);
                    break;
            }
        }
    }

    private void Include(IncludeStatement include, string includingFile)
    {
        var unit = _includes.Open(include, includingFile, _main.Version, out var isBuiltIn);
        if (isBuiltIn)
        {
            // Including a built-in twice is harmless: its gates are already defined.
            if (_builtInsIncluded.Add(include.Path))
            {
                ProcessUnit(unit);
            }
            return;
        }
        ProcessUnit(unit);
        _includes.Close();
    }

    private void DeclareInput(InputDeclaration input)
    {
        _registers.ReserveName(input.Name, input.NameLocation);
        if (_options.Parameters is null || !_options.Parameters.TryGetValue(input.Name, out var value))
        {
            throw new QasmException(input.NameLocation, $"no value bound for input parameter '{input.Name}'");
        }
        if (!double.IsFinite(value))
        {
            throw new QasmException(input.NameLocation, $"the value bound for input parameter '{input.Name}' is not finite");
        }
        _inputNames.Add(input.Name);
        _inputValues[input.Name] = value;
    }

    private void CheckBindings()
    {
        foreach (var name in (_options.Parameters?.Keys ?? []).Order(StringComparer.Ordinal))
        {
            if (!_inputValues.ContainsKey(name))
            {
                throw new QasmException(new SourceLocation(_main.File, 1, 1), $"a value is bound for '{name}' but the program declares no input parameter of that name");
            }
        }
    }

    private void Define(GateDeclaration declaration) => GateCompiler.Define(declaration, _gates, _warnings, _openQasm3);

    /// <summary>Appends the operations of an executable statement (call, measure, reset, barrier, if).</summary>
    private void Emit(Statement statement, List<Operation> output)
    {
        if (statement is IfStatement conditional)
        {
            EmitIf(conditional, output);
            return;
        }
        foreach (var instance in Instances(statement))
        {
            output.AddRange(instance);
        }
    }

    /// <summary>A statement's operations, one list per broadcast instance.</summary>
    private List<List<Operation>> Instances(Statement statement) => statement switch
    {
        GateCallStatement call => Call(call),
        MeasureStatement measure => Measure(measure),
        ResetStatement reset => Reset(reset),
        BarrierStatement barrier => [[Locate(Barrier(barrier), barrier.Location)]],
        _ => throw new QasmException(statement.Location, "this statement is not allowed here"),
    };

    private List<List<Operation>> Call(GateCallStatement call)
    {
        if (!_gates.TryGetValue(call.Name, out var gate))
        {
            throw new QasmException(call.NameLocation, $"undefined gate '{call.Name}'");
        }
        GateCompiler.CheckArity(gate, call, _openQasm3);
        var parameters = call.Parameters.Select(e => ExpressionEvaluator.Evaluate(e, _scope)).ToArray();
        var modifiers = _expander.EvaluateModifiers(call.Modifiers, _scope);
        var instances = new List<List<Operation>>();
        foreach (var qubits in Broadcast(call.Qubits))
        {
            var operations = new List<Operation>();
            _expander.Expand(gate, modifiers, parameters, qubits, call.Location, operations);
            instances.Add(operations.Select(o => Locate(o, call.Location)).ToList());
        }
        return instances;
    }

    /// <summary>
    /// Register broadcasting: whole-register operands (all of one size n) give n instances, indexed
    /// operands repeat in each. Every instance's qubits must be distinct.
    /// </summary>
    private List<int[]> Broadcast(IReadOnlyList<Operand> operands)
    {
        var resolved = operands.Select(o => _registers.ResolveQubits(o, _scope)).ToArray();
        var registers = resolved.Where(r => r.IsRegister).ToArray();
        var count = registers.Length == 0 ? 1 : registers[0].Bits.Count;
        var mismatch = registers.FirstOrDefault(r => r.Bits.Count != count);
        if (mismatch is not null)
        {
            throw new QasmException(mismatch.Location, "register sizes differ in broadcast");
        }
        var instances = new List<int[]>(count);
        for (var i = 0; i < count; i++)
        {
            var qubits = resolved.Select(r => r.IsRegister ? r.Bits[i] : r.Bits[0]).ToArray();
            for (var j = 1; j < qubits.Length; j++)
            {
                if (Array.IndexOf(qubits, qubits[j], 0, j) >= 0)
                {
                    throw new QasmException(resolved[j].Location, $"repeated qubit {_registers.DescribeQubit(qubits[j])} in gate arguments");
                }
            }
            instances.Add(qubits);
        }
        return instances;
    }

    private List<List<Operation>> Measure(MeasureStatement measure)
    {
        var qubits = _registers.ResolveQubits(measure.Qubit, _scope);
        var clbits = _registers.ResolveClbits(measure.Target!, _scope);
        if (qubits.IsRegister != clbits.IsRegister || qubits.Bits.Count != clbits.Bits.Count)
        {
            var reason = qubits.IsRegister && clbits.IsRegister ? ": sizes differ" : "";
            throw new QasmException(measure.Location, $"cannot measure {qubits.Description} into {clbits.Description}{reason}");
        }
        return qubits.Bits.Select((q, i) => new List<Operation> { Locate(new MeasureOperation(q, clbits.Bits[i]), measure.Location) }).ToList();
    }

    private List<List<Operation>> Reset(ResetStatement reset) =>
        reset.Qubits
            .SelectMany(o => _registers.ResolveQubits(o, _scope).Bits)
            .Select(q => new List<Operation> { Locate(new ResetOperation(q), reset.Location) })
            .ToList();

    private BarrierOperation Barrier(BarrierStatement barrier)
    {
        var qubits = barrier.Qubits.Count == 0
            ? Enumerable.Range(0, _registers.QubitCount)
            : barrier.Qubits.SelectMany(o => _registers.ResolveQubits(o, _scope).Bits);
        return new BarrierOperation(qubits.Distinct().ToArray());
    }

    private void EmitIf(IfStatement conditional, List<Operation> output)
    {
        var (condition, equal) = Condition(conditional.Condition);
        if (!conditional.IsBlock && conditional.Then is [var single] && single is not IfStatement)
        {
            // OpenQASM 2 (and Qiskit) test the condition for each broadcast instance in turn, which
            // matters for "if(c==0) measure q -> c;".
            foreach (var instance in Instances(single))
            {
                AddConditional(output, condition, equal, instance, [], conditional.Location);
            }
            return;
        }
        var then = new List<Operation>();
        foreach (var statement in conditional.Then)
        {
            Emit(statement, then);
        }
        var otherwise = new List<Operation>();
        foreach (var statement in conditional.Else)
        {
            Emit(statement, otherwise);
        }
        AddConditional(output, condition, equal, then, otherwise, conditional.Location);
    }

    private static void AddConditional(List<Operation> output, ClassicalCondition condition, bool equal, List<Operation> then, List<Operation> otherwise, SourceLocation location)
    {
        if (then.Count == 0 && otherwise.Count == 0)
        {
            return;
        }
        var operation = equal
            ? new ConditionalOperation(condition, then, otherwise)
            : new ConditionalOperation(condition, otherwise, then);
        output.Add(operation with { Location = location });
    }

    private (ClassicalCondition Condition, bool Equal) Condition(Condition condition)
    {
        var bits = _registers.ResolveClbits(condition.Register, _scope);
        if (bits.Bits.Count > 64)
        {
            throw new QasmException(condition.Location, $"conditions on registers wider than 64 bits are not supported ({bits.Description})");
        }
        if (bits.Bits.Count < 64 && condition.Value >> bits.Bits.Count != 0)
        {
            _warnings.Add($"{condition.ValueLocation}: warning: {condition.Value} does not fit in {bits.Description}; the condition is {(condition.Equal ? "never" : "always")} true");
        }
        return (new ClassicalCondition(bits.Bits, condition.Value), condition.Equal);
    }

    private static Operation Locate(Operation operation, SourceLocation location) => operation with { Location = location };
}
