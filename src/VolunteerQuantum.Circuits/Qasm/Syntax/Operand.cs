using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>A register <c>q</c> or one of its bits <c>q[i]</c> (inside gate bodies: a qubit argument name).</summary>
internal sealed record Operand(SourceLocation Location, string Name, Expression? Index);
