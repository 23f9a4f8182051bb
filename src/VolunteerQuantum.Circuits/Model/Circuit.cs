using VolunteerQuantum.Circuits.Model.Classical;

namespace VolunteerQuantum.Circuits.Model;

/// <summary>
/// A flattened circuit: registers, and a list of operations on global qubit/clbit indices.
/// Qubit k is bit k of the basis-state index (qregs concatenated in declaration order).
/// </summary>
public sealed class Circuit
{
    public Circuit(
        IReadOnlyList<Register> quantumRegisters,
        IReadOnlyList<Register> classicalRegisters,
        IReadOnlyList<Operation> operations,
        IReadOnlyList<string>? warnings = null,
        IReadOnlyList<string>? inputParameters = null,
        IReadOnlyList<ClassicalVariable>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(quantumRegisters);
        ArgumentNullException.ThrowIfNull(classicalRegisters);
        ArgumentNullException.ThrowIfNull(operations);
        QuantumRegisters = quantumRegisters;
        ClassicalRegisters = classicalRegisters;
        Operations = operations;
        Warnings = warnings ?? [];
        InputParameters = inputParameters ?? [];
        Variables = variables ?? [];
        QubitCount = quantumRegisters.Sum(r => r.Size);
        ClbitCount = classicalRegisters.Sum(r => r.Size);
    }

    public int QubitCount { get; }

    public int ClbitCount { get; }

    public IReadOnlyList<Register> QuantumRegisters { get; }

    public IReadOnlyList<Register> ClassicalRegisters { get; }

    public IReadOnlyList<Operation> Operations { get; }

    /// <summary>Things the user should know but that do not stop the run (e.g. a shadowed gate).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Names of OpenQASM 3 <c>input float</c> parameters, in declaration order.</summary>
    public IReadOnlyList<string> InputParameters { get; }

    /// <summary>
    /// The OpenQASM 3 variables kept per shot (slots of <see cref="ClassicalMemory.Variables"/>): those
    /// whose values depend on measurements. Variables known when the program is read are folded away.
    /// </summary>
    public IReadOnlyList<ClassicalVariable> Variables { get; }

    /// <summary>A fresh classical state for one shot.</summary>
    public ClassicalMemory NewMemory() => new(ClbitCount, Variables.Select(v => v.Type).ToArray());

    /// <summary>Number of gate operations, counting those inside conditionals and loop bodies (once each).</summary>
    public int GateCount => Count(Operations);

    private static int Count(IEnumerable<Operation> ops) => ops.Sum(o => o switch
    {
        GateOperation or RuntimeGateOperation => 1,
        ConditionalOperation c => Count(c.Then) + Count(c.Else),
        WhileOperation w => Count(w.Body),
        BlockOperation b => Count(b.Body),
        _ => 0,
    });
}
