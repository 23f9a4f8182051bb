using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary><c>modifiers @ name(params) qubits;</c></summary>
internal sealed record GateCallStatement(
    SourceLocation Location,
    IReadOnlyList<GateModifier> Modifiers,
    string Name,
    SourceLocation NameLocation,
    IReadOnlyList<Expression> Parameters,
    IReadOnlyList<Operand> Qubits) : Statement(Location);
