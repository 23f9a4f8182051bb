using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>
/// <c>gate</c> (with a <see cref="Body"/>) or <c>opaque</c> (Body null). <see cref="Library"/> names the
/// built-in include the declaration came from, if any.
/// </summary>
internal sealed record GateDeclaration(
    SourceLocation Location,
    string Name,
    SourceLocation NameLocation,
    IReadOnlyList<Operand> Parameters,
    IReadOnlyList<Operand> Qubits,
    IReadOnlyList<Statement>? Body,
    string? Library) : Statement(Location);
