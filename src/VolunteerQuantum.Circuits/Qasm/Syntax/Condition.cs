using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>
/// <c>reg == value</c>, <c>reg != value</c> (<see cref="Equal"/> false), <c>bit</c>, <c>!bit</c>.
/// </summary>
internal sealed record Condition(SourceLocation Location, Operand Register, ulong Value, bool Equal, SourceLocation ValueLocation);
