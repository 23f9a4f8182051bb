using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary><c>+ - * /</c> or power (OpenQASM 2's <c>^</c>, OpenQASM 3's <c>**</c>).</summary>
internal sealed record BinaryExpression(SourceLocation Location, BinaryOperator Operator, Expression Left, Expression Right) : Expression(Location);
