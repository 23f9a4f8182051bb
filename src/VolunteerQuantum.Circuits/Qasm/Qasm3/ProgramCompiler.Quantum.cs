using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

internal sealed partial class ProgramCompiler
{
    /// <summary>The qubits an operand names, and whether it is a register (which broadcasts).</summary>
    private (int[] Qubits, bool IsRegister) ResolveQubits(Expression operand)
    {
        switch (operand)
        {
            case IdentifierExpression id:
                return _scope.Lookup(id.Name) switch
                {
                    QubitSymbol q => (q.Qubits, !q.IsScalar),
                    null => throw new QasmException(id.Location, $"undeclared qubit or register '{id.Name}'"),
                    _ => throw new QasmException(id.Location, $"'{id.Name}' is not a qubit or qubit register"),
                };
            case PhysicalQubitExpression physical:
                if (_qubitCount > 0)
                {
                    throw new QasmException(physical.Location, $"physical qubit ${physical.Index} cannot be used in a program that declares qubits");
                }
                if (physical.Index >= MaxBits)
                {
                    throw new QasmException(physical.Location, $"physical qubit ${physical.Index} is beyond the {MaxBits} qubits supported");
                }
                _physicalQubits = Math.Max(_physicalQubits, physical.Index);
                return ([physical.Index], false);
            case IndexExpression { Indices.Count: 1 } index:
                var (all, _) = ResolveQubits(index.Target);
                var entry = index.Indices[0];
                var positions = Positions(entry, all.Length, $"'{AssignedNames.BaseName(index.Target) ?? "register"}'");
                return (positions.Select(p => all[p]).ToArray(), entry is RangeExpression or SetExpression);
            case IndexExpression index:
                throw new QasmException(index.Location, "qubit registers have one dimension");
            case ClassicalBinaryExpression { Operator: ClassicalOperator.Concatenate } concat:
                return ([.. ResolveQubits(concat.Left).Qubits, .. ResolveQubits(concat.Right).Qubits], true);
            default:
                throw new QasmException(operand.Location, "expected a qubit or qubit register");
        }
    }

    private List<int> AllQubits() => Enumerable.Range(0, _physicalQubits >= 0 ? _physicalQubits + 1 : _qubitCount).ToList();

    /// <summary>
    /// Register broadcasting: whole-register operands (all of one size n) give n instances, single
    /// qubits repeat in each. Every instance's qubits must be distinct.
    /// </summary>
    private List<int[]> Broadcast(IReadOnlyList<Expression> operands)
    {
        var resolved = operands.Select(o => (Operand: o, Resolved: ResolveQubits(o))).ToArray();
        var registers = resolved.Where(r => r.Resolved.IsRegister).ToArray();
        var count = registers.Length == 0 ? 1 : registers[0].Resolved.Qubits.Length;
        var mismatch = registers.FirstOrDefault(r => r.Resolved.Qubits.Length != count);
        if (mismatch.Operand is not null)
        {
            throw new QasmException(mismatch.Operand.Location, "register sizes differ in broadcast");
        }
        var instances = new List<int[]>(count);
        for (var i = 0; i < count; i++)
        {
            var qubits = resolved.Select(r => r.Resolved.IsRegister ? r.Resolved.Qubits[i] : r.Resolved.Qubits[0]).ToArray();
            for (var j = 1; j < qubits.Length; j++)
            {
                if (Array.IndexOf(qubits, qubits[j], 0, j) >= 0)
                {
                    throw new QasmException(resolved[j].Operand.Location, $"repeated qubit {DescribeQubit(qubits[j])} in gate arguments");
                }
            }
            instances.Add(qubits);
        }
        return instances;
    }

    private string DescribeQubit(int qubit)
    {
        if (_physicalQubits >= 0)
        {
            return $"${qubit}";
        }
        var register = _quantum.First(r => qubit >= r.Offset && qubit < r.Offset + r.Size);
        return $"{register.Name}[{qubit - register.Offset}]";
    }

    private void Call(QuantumCallStatement call)
    {
        switch (_scope.Lookup(call.Name))
        {
            case SubroutineSymbol subroutine when call.Modifiers.Count == 0:
                // The specification's older examples call subroutines like gates: name(args) qubits;
                CallSubroutine(subroutine.Declaration, [.. call.Parameters, .. call.Operands], call.Location);
                return;
            case ExternSymbol:
                throw External(call.Name, call.NameLocation);
            default:
                break;
        }
        if (!_gates.TryGetValue(call.Name, out var gate))
        {
            throw new QasmException(call.NameLocation, $"undefined gate '{call.Name}'");
        }
        var modifiers = call.Modifiers.Select(m => m.Argument is null ? m : m with
        {
            Argument = new NumberExpression(m.Argument.Location, Number(m.Argument, $"the argument of '{m.Kind.ToString().ToLowerInvariant()}'"), false, ""),
        }).ToArray();
        if (call.Parameters.Count != gate.ParameterCount)
        {
            throw new QasmException(call.NameLocation, $"gate '{gate.Name}' expects {GateCompiler.Plural(gate.ParameterCount, "parameter")}, got {call.Parameters.Count}");
        }
        var expected = GateCompiler.ExpectedQubits(gate, modifiers, true);
        if (call.Operands.Count != expected)
        {
            var what = modifiers.Length == 0 ? $"gate '{gate.Name}'" : $"gate '{gate.Name}' with its modifiers";
            throw new QasmException(call.NameLocation, $"{what} expects {GateCompiler.Plural(expected, "qubit argument")}, got {call.Operands.Count}");
        }
        var empty = new EvaluationScope(new Dictionary<string, double>(), true);
        var modifierValues = _expander.EvaluateModifiers(modifiers, empty);
        var parameters = call.Parameters.Select(p => Convert(p.Location, Evaluate(p), ClassicalType.Real)).ToArray();
        foreach (var qubits in Broadcast(call.Operands))
        {
            if (parameters.All(p => p is ConstantExpression))
            {
                var values = parameters.Select(p => ((ConstantExpression)p).Value.AsDouble()).ToArray();
                if (values.Any(v => !double.IsFinite(v)))
                {
                    throw new QasmException(call.Location, "a gate parameter does not evaluate to a finite number");
                }
                var operations = new List<Operation>();
                _expander.Expand(gate, modifierValues, values, qubits, call.Location, operations);
                foreach (var operation in operations)
                {
                    Emit(operation, call.Location);
                }
                continue;
            }
            // Parameters measured per shot: the gate is expanded each time it runs, from the values then.
            var location = call.Location;
            IReadOnlyList<GateOperation> Expand(double[] values)
            {
                var operations = new List<Operation>();
                new GateExpander(true, int.MaxValue).Expand(gate, modifierValues, values, qubits, location, operations);
                return operations.Cast<GateOperation>().ToArray();
            }
            Emit(new RuntimeGateOperation(call.Name, parameters, qubits, Expand), call.Location);
        }
    }

    private double Number(Expression expression, string what)
    {
        var value = Known(expression, what).AsDouble();
        return double.IsFinite(value) ? value : throw new QasmException(expression.Location, $"{what} is not a finite number");
    }

    private void Instruction(QuantumInstructionStatement instruction)
    {
        var qubits = instruction.Operands.Count == 0 ? AllQubits() : instruction.Operands.SelectMany(o => ResolveQubits(o).Qubits).ToList();
        switch (instruction.Instruction)
        {
            case "reset":
                foreach (var qubit in qubits)
                {
                    Emit(new ResetOperation(qubit), instruction.Location);
                }
                return;
            case "barrier":
                Emit(new BarrierOperation(qubits.Distinct().ToArray()), instruction.Location);
                return;
            default:
                var duration = Known(instruction.Duration!, "a delay's duration");
                if (duration.Type.Kind != ClassicalKind.Duration)
                {
                    throw new QasmException(instruction.Duration!.Location, $"a delay needs a duration (such as 100ns), not {duration.Type}");
                }
                if (duration.Real < 0)
                {
                    throw new QasmException(instruction.Duration!.Location, $"a delay cannot be negative ({duration.Real} s)");
                }
                // An identity that takes time: a barrier that knows how long (idle time for a noise model).
                Emit(new BarrierOperation(qubits.Distinct().ToArray()) { DelaySeconds = duration.Real }, instruction.Location);
                return;
        }
    }

    private void MeasureIntoClbits(MeasureExpression measure, int[] clbits, SourceLocation location)
    {
        var (qubits, _) = ResolveQubits(measure.Qubits);
        if (qubits.Length != clbits.Length)
        {
            throw new QasmException(location, $"cannot measure {GateCompiler.Plural(qubits.Length, "qubit")} into {GateCompiler.Plural(clbits.Length, "bit")}");
        }
        for (var i = 0; i < qubits.Length; i++)
        {
            Emit(new MeasureOperation(qubits[i], clbits[i]), location);
        }
    }

    /// <summary>Measures into a variable (all its bits from 0, or the given positions); it becomes per-shot.</summary>
    private void MeasureInto(MeasureExpression measure, VariableSymbol variable, List<int>? positions, SourceLocation location)
    {
        var (qubits, _) = ResolveQubits(measure.Qubits);
        positions ??= Enumerable.Range(0, Math.Min(qubits.Length, variable.Type.Width)).ToList();
        if (!variable.Type.IsBitLike || qubits.Length != positions.Count)
        {
            throw new QasmException(location, $"cannot measure {GateCompiler.Plural(qubits.Length, "qubit")} into '{variable.Name}' of type {variable.Type}");
        }
        MakeRuntime(variable, location);
        for (var i = 0; i < qubits.Length; i++)
        {
            Emit(new MeasureIntoVariableOperation(qubits[i], variable.Slot, positions[i]), location);
        }
    }

    /// <summary><c>measure q</c> as a value: measured into a fresh bit[n] kept per shot.</summary>
    private VariableExpression MeasureValue(MeasureExpression measure)
    {
        var (qubits, _) = ResolveQubits(measure.Qubits);
        if (qubits.Length > ClassicalType.MaxWidth)
        {
            throw new QasmException(measure.Location, $"a measurement used as a value can hold at most {ClassicalType.MaxWidth} bits");
        }
        var temporary = new VariableSymbol($"measure@{measure.Location.Line}", measure.Location, ClassicalType.Bits(qubits.Length), false);
        MeasureInto(measure, temporary, null, measure.Location);
        return new VariableExpression(temporary.Slot, temporary.Type, temporary.Name);
    }
}
