using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>An OpenQASM 3 modifier before <c>@</c>: ctrl(n), negctrl(n), inv, pow(k).</summary>
internal sealed record GateModifier(SourceLocation Location, ModifierKind Kind, Expression? Argument);
