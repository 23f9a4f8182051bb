using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// An operand bound to global bit indices: a whole register (<see cref="IsRegister"/>) or one bit.
/// <see cref="Description"/> reads like "qreg q[3]" or "qubit q[0]" for messages.
/// </summary>
internal sealed record ResolvedOperand(SourceLocation Location, Register Register, bool IsRegister, IReadOnlyList<int> Bits, string Description);
