using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>
/// <c>if (cond) then [else else]</c>. <see cref="IsBlock"/> is false for OpenQASM 2's single statement
/// without else, which (like Qiskit) tests the condition once per broadcast instance.
/// </summary>
internal sealed record IfStatement(
    SourceLocation Location,
    Condition Condition,
    IReadOnlyList<Statement> Then,
    IReadOnlyList<Statement> Else,
    bool IsBlock) : Statement(Location);
