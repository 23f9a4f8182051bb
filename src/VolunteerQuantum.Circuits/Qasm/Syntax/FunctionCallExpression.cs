using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>A call of one of the built-in one-argument functions (sin, cos, ..., sqrt).</summary>
internal sealed record FunctionCallExpression(SourceLocation Location, string Function, Expression Argument) : Expression(Location);
