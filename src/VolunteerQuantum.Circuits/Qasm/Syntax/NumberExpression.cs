using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>A literal; <see cref="IsInteger"/> when written without a point or exponent.</summary>
internal sealed record NumberExpression(SourceLocation Location, double Value, bool IsInteger, string Text) : Expression(Location);
