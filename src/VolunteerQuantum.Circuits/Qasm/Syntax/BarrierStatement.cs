using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary><c>barrier args;</c> — no arguments (OpenQASM 3) means every qubit.</summary>
internal sealed record BarrierStatement(SourceLocation Location, IReadOnlyList<Operand> Qubits) : Statement(Location);
