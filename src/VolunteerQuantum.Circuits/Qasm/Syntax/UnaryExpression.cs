using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>Unary minus (or a redundant unary plus).</summary>
internal sealed record UnaryExpression(SourceLocation Location, bool Negate, Expression Operand) : Expression(Location);
