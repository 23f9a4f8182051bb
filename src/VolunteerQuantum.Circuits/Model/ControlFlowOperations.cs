using VolunteerQuantum.Circuits.Model.Classical;

namespace VolunteerQuantum.Circuits.Model;

/// <summary>
/// <c>while (condition) body</c> on values known only per shot. <see cref="CounterSlot"/> is a variable
/// the program sets to 0 just before the loop; each iteration counts in it, and an iteration past
/// <see cref="Limit"/> stops the run with an error naming the loop.
/// </summary>
public sealed record WhileOperation(ClassicalExpression Condition, IReadOnlyList<Operation> Body, int CounterSlot, int Limit) : Operation
{
    public override IReadOnlyList<int> Qubits => Body.SelectMany(o => o.Qubits).Distinct().ToArray();
}

/// <summary>What <c>break</c> and <c>continue</c> do at the end of a <see cref="BlockOperation"/>.</summary>
public enum BlockKind
{
    /// <summary>A loop unrolled when the program was read: <c>break</c> leaves it.</summary>
    Loop,

    /// <summary>One unrolled iteration: <c>continue</c> leaves it for the next.</summary>
    Iteration,
}

/// <summary>A run of operations that <c>break</c> or <c>continue</c> can leave early.</summary>
public sealed record BlockOperation(IReadOnlyList<Operation> Body, BlockKind Kind) : Operation
{
    public override IReadOnlyList<int> Qubits => Body.SelectMany(o => o.Qubits).Distinct().ToArray();
}

/// <summary>Leaves the innermost loop (<c>break</c> under a condition known only per shot).</summary>
public sealed record BreakOperation : Operation
{
    public override IReadOnlyList<int> Qubits => [];
}

/// <summary>Goes on with the innermost loop's next iteration.</summary>
public sealed record ContinueOperation : Operation
{
    public override IReadOnlyList<int> Qubits => [];
}

/// <summary>Where an assignment writes: clbits of a bit register, or a variable (all of it, or some of its bits).</summary>
public abstract record ClassicalTarget;

/// <summary>Clbits, Clbits[0] taking the value's least significant bit.</summary>
public sealed record ClbitTarget(IReadOnlyList<int> Clbits) : ClassicalTarget;

/// <summary>A variable; with <see cref="Bits"/>, only those bit positions (from the value's bits 0, 1, ...).</summary>
public sealed record VariableTarget(int Slot, IReadOnlyList<int>? Bits = null) : ClassicalTarget;

/// <summary><c>target = value;</c> per shot. The value is already cast to the target's type.</summary>
public sealed record AssignOperation(ClassicalTarget Target, ClassicalExpression Value) : Operation
{
    public override IReadOnlyList<int> Qubits => [];

    public void Apply(ClassicalMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var value = Value.Evaluate(memory);
        switch (Target)
        {
            case ClbitTarget clbits:
                for (var i = 0; i < clbits.Clbits.Count; i++)
                {
                    memory.Clbits[clbits.Clbits[i]] = value.Bit(i);
                }
                break;
            case VariableTarget { Bits: null } variable:
                memory.Variables[variable.Slot] = ClassicalOperators.Cast(value, memory.Variables[variable.Slot].Type);
                break;
            case VariableTarget variable:
                var current = memory.Variables[variable.Slot];
                for (var i = 0; i < variable.Bits.Count; i++)
                {
                    current = current.WithBit(variable.Bits[i], value.Bit(i));
                }
                memory.Variables[variable.Slot] = current;
                break;
            default:
                throw new NotSupportedException(Target.GetType().Name);
        }
    }
}

/// <summary>Measures a qubit into one bit of a variable (a local <c>bit</c>, an angle's bit as in iterative phase estimation).</summary>
public sealed record MeasureIntoVariableOperation(int Qubit, int Slot, int Bit) : Operation
{
    public override IReadOnlyList<int> Qubits => [Qubit];

    public void Store(ClassicalMemory memory, bool outcome) =>
        memory.Variables[Slot] = memory.Variables[Slot].WithBit(Bit, outcome);
}

/// <summary>
/// A gate whose parameters are known only per shot (<c>inv @ phase(c) q</c> with c measured): each
/// time it runs, the parameters are evaluated and <see cref="Expand"/> gives its primitive gates.
/// </summary>
public sealed record RuntimeGateOperation(string Name, IReadOnlyList<ClassicalExpression> Parameters, IReadOnlyList<int> GateQubits, Func<double[], IReadOnlyList<GateOperation>> Expand) : Operation
{
    public override IReadOnlyList<int> Qubits => GateQubits;

    public IReadOnlyList<GateOperation> Instantiate(ClassicalMemory memory)
    {
        var values = Parameters.Select(p => p.Evaluate(memory).AsDouble()).ToArray();
        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ClassicalEvaluationException($"gate '{Name}'{At(Location)}: a parameter evaluated to a non-finite number");
        }
        return Expand(values);
    }

    internal static string At(SourceLocation? location) => location is null ? "" : $" at {location}";
}

/// <summary>
/// <c>delay[duration] qubits;</c> (and the idle time a <c>box</c> or <c>stretch</c> stands for): an
/// identity without noise; with a noise model, idle time for its thermal relaxation.
/// </summary>
public sealed record DelayOperation(IReadOnlyList<int> DelayQubits, double Seconds) : Operation
{
    public override IReadOnlyList<int> Qubits => DelayQubits;
}
