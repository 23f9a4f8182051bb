using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

internal sealed record ResetStatement(SourceLocation Location, IReadOnlyList<Operand> Qubits) : Statement(Location);
