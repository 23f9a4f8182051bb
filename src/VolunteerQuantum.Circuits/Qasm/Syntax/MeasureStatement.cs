using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary><c>measure q -> c;</c> or <c>c = measure q;</c> (Target null for a bare <c>measure q;</c>).</summary>
internal sealed record MeasureStatement(SourceLocation Location, Operand Qubit, Operand? Target) : Statement(Location);
